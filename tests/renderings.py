"""Comparing a rendering's datasets with the text export's: what tests/test_renderings.py and
tests/test_pdf.py share (their fixtures, ``extract_rendering`` and ``reference``, are in conftest.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd
from support import ROOT

from pipeline.datasets.schema import DATASETS
from pipeline.language.urls import TRAILING

SAMPLES = ROOT / "tests" / "samples" / "renderings"


def datasets(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in DATASETS}


def assert_same_datasets(found: dict, expected: dict, on_text: bool = False) -> None:
    """Frame for frame; ``links.target`` apart (see the module's docstring). ``on_text`` compares
    what each row says, with paragraph ids and footnote numbers replaced by the text they name."""
    assert [_same_url(t, u) for t, u in zip(found["links"].target, found["links"].url)] == [True] * len(found["links"])
    assert expected["links"].target.isna().all()
    found, expected = without_targets(found), without_targets(expected)
    if on_text:
        found, expected = _on_text(found), _on_text(expected)
    for name in DATASETS:
        pd.testing.assert_frame_equal(found[name], expected[name], obj=name)


def _same_url(target: str, url: str) -> bool:
    """The stored target is the repaired URL, as far as a producer's own normalising allows
    (LibreOffice decodes ``%20`` and ends a bare host with ``/``)."""
    return isinstance(target, str) and unquote(target).rstrip("/") == unquote(url).rstrip("/")


def without_targets(frames: dict) -> dict:
    return {**frames, "links": frames["links"].drop(columns="target")}


def _on_text(frames: dict) -> dict:
    paragraphs = frames["paragraphs"].set_index("paragraph_id")
    said = (paragraphs.section_id + " " + paragraphs.text).to_dict()
    notes = frames["footnotes"].set_index("footnote").text.to_dict()
    shown = {}
    for name, frame in frames.items():
        frame = frame.copy()
        if name == "paragraphs":
            frame = frame[~frame.text.str.fullmatch(r"\d+\.?")]  # a number's own cell, where a table has one
            frame["footnote_numbers"] = frame.footnote_numbers.map(lambda numbers: [notes[n] for n in numbers])
            frame = frame.drop(columns=["paragraph_id", "order", "paragraph_kind", "table_number", "cell_number"])
        if name == "figures":  # a figure's id names its footnote's number
            frame = frame.drop(columns=["figure_id", "total_figure_id"])
        if name in ("links", "document_refs"):  # so does a link's
            frame = frame.drop(columns="link_id")
        for column in ("paragraph_id", "anchor_paragraph_id"):
            if column in frame and name != "paragraphs":
                frame[column] = frame[column].map(said)
        if "footnote" in frame:
            frame["footnote"] = frame.footnote.map(notes)
        order = frame.apply(lambda row: "\x1f".join(map(str, row)), axis=1).argsort(kind="stable")
        shown[name] = frame.iloc[order].reset_index(drop=True)
    return shown


def assert_warns_alike(manifest: dict, expected: dict, *extra: str) -> None:
    """The text export's warnings, plus those naming what this rendering cannot carry."""
    assert [w for w in manifest["warnings"] if not w.startswith(extra or ("\0",))] == expected["warnings"]
    assert [c["status"] for c in manifest["checks"]] == [c["status"] for c in expected["checks"]]
    for text in extra:
        assert any(w.startswith(text) for w in manifest["warnings"]), text


def libreoffice_convert(soffice: str, source: Path, target_format: str, target: Path) -> None:
    """``soffice --headless --convert-to``, with a private profile so that runs never collide."""
    with tempfile.TemporaryDirectory() as work:
        command = [
            soffice,
            f"-env:UserInstallation={Path(work, 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            work,
            str(source),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        converted = Path(work) / f"{source.stem}.{target_format}"
        assert result.returncode == 0 and converted.is_file(), result.stderr
        shutil.move(converted, target)


def as_the_pdf_holds(
    frames: dict,
    where_a_url_fills_its_line: tuple[int, ...] = (),
    where_a_link_runs_past_the_page: tuple[int, ...] = (),
    where_an_address_is_hyphenated: tuple[int, ...] = (),
) -> dict:
    """The text export's datasets as a PDF holds them (see the module's docstring). The notes of
    ``where_a_link_runs_past_the_page`` end with a link whose line a browser cut at the page's edge: the
    address is read whole from its annotation, and what followed it on the line (its full stop) is lost.
    The notes of ``where_an_address_is_hyphenated`` hold an address that automatic hyphenation broke
    where nothing tells its mark from the address's own hyphen: they, and their links, are left out."""
    links = frames["links"].copy()
    links["url_raw"] = links.url_raw.str.replace("\u2011", "-")
    links["repairs"] = links.repairs.map(
        lambda tags: np.array([t for t in tags if t != "nonbreaking_hyphen"], dtype=object)
    )
    frames = {**frames, "links": links}
    for name, column in (("links", "footnote"), ("footnotes", "footnote")):
        left_out = (*where_a_url_fills_its_line, *where_an_address_is_hyphenated)
        frames[name] = frames[name][~frames[name][column].isin(left_out)].reset_index(drop=True)
    return _ending_at_their_link(frames, where_a_link_runs_past_the_page) if where_a_link_runs_past_the_page else frames


def notes_numbered_from(frames: dict, first: int) -> dict:
    """The text export's datasets as a file whose notes are numbered from ``first`` holds them: pandoc numbers
    footnotes from 1 (it ignores Word's start at 2), so every footnote number, and every id naming one
    (``fn18#2``, ``fn7@3``), is shifted."""
    shift = int(frames["footnotes"].footnote.min()) - first
    renumbered = {}
    for name, frame in frames.items():
        frame = frame.copy()
        if "footnote" in frame:
            frame["footnote"] = (frame.footnote - shift).astype(frame.footnote.dtype)
        if "footnote_numbers" in frame:
            frame["footnote_numbers"] = frame.footnote_numbers.map(lambda numbers: numbers - shift)
        for column in ("link_id", "figure_id", "total_figure_id"):
            if column in frame:
                frame[column] = frame[column].map(lambda key: _renumbered(key, shift))
        renumbered[name] = frame
    return renumbered


def _renumbered(key, shift: int):
    return re.sub(r"^fn(\d+)", lambda m: f"fn{int(m.group(1)) - shift}", key) if isinstance(key, str) else key


def _ending_at_their_link(frames: dict, numbers: tuple[int, ...]) -> dict:
    """Each note of ``numbers`` cut after the address of its last link, and that link without the
    punctuation that followed it."""
    links, notes = frames["links"].copy(), frames["footnotes"].copy()
    for number in numbers:
        row = links.index[links.footnote == number][-1]
        address = links.url_raw[row].rstrip(TRAILING)
        links.at[row, "url_raw"] = address
        repairs = [tag for tag in links.repairs[row] if tag != "trailing_punctuation"]
        links.at[row, "repairs"] = np.array(repairs, dtype=object)
        note = notes.index[notes.footnote == number][0]
        text = notes.text[note]
        notes.at[note, "text"] = text[: text.rindex(address) + len(address)]
    return {**frames, "links": links, "footnotes": notes}
