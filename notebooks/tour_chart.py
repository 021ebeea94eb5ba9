"""Save one chart of the executed tour as a PNG file: ``python notebooks/tour_chart.py TAG OUT.png``.

`make docs` runs the tour in place, then takes from it the chart of the cell tagged TAG (its first
image) for the README, so that the notebook itself writes no file.
"""

import base64
import json
import sys
from pathlib import Path

TOUR = Path(__file__).with_name("tour.ipynb")


def main(tag: str, out: str) -> None:
    cells = json.loads(TOUR.read_text(encoding="utf-8"))["cells"]
    tagged = [cell for cell in cells if tag in cell.get("metadata", {}).get("tags", [])]
    images = [o["data"]["image/png"] for cell in tagged for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    if not images:
        sys.exit(f"{TOUR}: no chart in a cell tagged {tag!r} (run the notebook first: make docs)")
    Path(out).write_bytes(base64.b64decode(images[0]))


if __name__ == "__main__":
    main(*sys.argv[1:])
