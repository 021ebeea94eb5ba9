"""PDFs of the 2023 report as other programs write them: the producer matrix of tests/test_pdf_producers.py
and of ``make bench``.

Each producer starts from a rendering kept in tests/samples/renderings (LibreOffice's PDF, .docx and
HTML, pandoc's HTML) and is a Debian package that .ci/run installs. Run as a script, it writes every
producer's PDF it can into a folder (those whose program is missing are named and left out)::

    python tests/producers.py build/producers
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples" / "renderings"
LIBREOFFICE_PDF = SAMPLES / "rapport_da_2023_fr.libreoffice.pdf"
LIBREOFFICE_DOCX = SAMPLES / "rapport_da_2023_fr.libreoffice.docx"
LIBREOFFICE_HTML = SAMPLES / "rapport_da_2023_fr.libreoffice.html"
PANDOC_HTML = SAMPLES / "rapport_da_2023_fr.pandoc.html"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HYPHENATED_JUSTIFIED = "html { hyphens: auto; } p, li { text-align: justify; }"
A4_SERIF = "@page { size: A4; margin: 3cm } body { font-size: 11pt; max-width: none; font-family: serif }"
LETTER_SMALLER = "@page { size: Letter; margin: 1.5cm } body { font-size: 10pt }"
TIMEOUT = 300


@dataclass(frozen=True)
class Producer:
    name: str
    command: str  # the program it runs
    package: str  # the Debian package that has it
    arguments: tuple  # the command line, with "{source}", "{target}" and "{work}" filled in
    source: Path = LIBREOFFICE_PDF
    french_html: bool = False  # the source HTML marked as French (hyphenation needs the language)
    stylesheet: str | None = None
    head_style: str | None = None  # CSS added at the end of the source HTML's head: an author's, after its own

    @property
    def first_note(self) -> int:
        """The number its first footnote shows: pandoc (its HTML, or its LaTeX) numbers them from 1, where
        the Word file starts at 2 (its note 1 is on the cover page, which the text export leaves out)."""
        return 1 if self.source == PANDOC_HTML or self.command == "pandoc" else 2

    def write(self, target: Path) -> None:
        """Write this producer's PDF of the report to ``target``."""
        target = Path(target).resolve()  # the program runs in a folder of its own
        with tempfile.TemporaryDirectory() as work:
            source = self._source(Path(work))
            if self.stylesheet:
                Path(work, "style.css").write_text(self.stylesheet, encoding="utf-8")
            filled = [a.format(source=source, target=target, work=work) for a in self.arguments]
            result = subprocess.run(
                [shutil.which(self.command), *filled], capture_output=True, text=True, timeout=TIMEOUT, cwd=work
            )
        if result.returncode != 0 or not target.is_file():
            raise RuntimeError(f"{self.name}: {self.command} failed ({result.returncode}): {result.stderr[-500:]}")

    def _source(self, work: Path) -> Path:
        if not self.french_html and not self.head_style:
            return self.source
        marked = work / self.source.name
        text = self.source.read_text(encoding="utf-8")
        if self.french_html:
            text = text.replace('lang=""', 'lang="fr"').replace('xml:lang=""', 'xml:lang="fr"')
        if self.head_style:
            text = text.replace("</head>", f"<style>{self.head_style}</style></head>", 1)
        marked.write_text(text, "utf-8")
        return marked


def _chromium(name: str, source: Path, header_and_footer: bool = False, head_style: str | None = None) -> Producer:
    flags = [*CHROMIUM_FLAGS, "--user-data-dir={work}/profile", "--print-to-pdf={target}"]
    if not header_and_footer:
        flags.append("--no-pdf-header-footer")
    return Producer(name, "chromium", "chromium", (*flags, "file://{source}"), source, head_style=head_style)


PRODUCERS = {
    p.name: p
    for p in (
        Producer(
            "ghostscript",
            "gs",
            "ghostscript",
            ("-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-sOutputFile={target}", "{source}"),
        ),  # fmt: skip
        Producer("cairo", "pdftocairo", "poppler-utils", ("-pdf", "{source}", "{target}")),
        _chromium("chromium-pandoc", PANDOC_HTML),
        _chromium("chromium-libreoffice", LIBREOFFICE_HTML),
        _chromium("chromium-libreoffice-header-footer", LIBREOFFICE_HTML, header_and_footer=True),
        Producer("weasyprint", "weasyprint", "weasyprint", ("{source}", "{target}"), PANDOC_HTML),
        Producer(
            "weasyprint-hyphenated",
            "weasyprint",
            "weasyprint hyphen-fr",
            ("-s", "{work}/style.css", "{source}", "{target}"),
            PANDOC_HTML,
            french_html=True,
            stylesheet=HYPHENATED_JUSTIFIED,
        ),
        Producer(
            "weasyprint-a4-serif",
            "weasyprint",
            "weasyprint",
            ("{source}", "{target}"),
            PANDOC_HTML,
            head_style=A4_SERIF,
        ),
        _chromium("chromium-pandoc-a4-serif", PANDOC_HTML, head_style=A4_SERIF),
        _chromium("chromium-libreoffice-letter", LIBREOFFICE_HTML, head_style=LETTER_SMALLER),
        Producer("wkhtmltopdf", "wkhtmltopdf", "wkhtmltopdf", ("-q", "{source}", "{target}"), PANDOC_HTML),
        Producer(
            "xelatex",
            "pandoc",
            "pandoc texlive-xetex texlive-lang-french lmodern",
            (
                "{source}",
                "-o",
                "{target}",
                "--pdf-engine=xelatex",
                "-V",
                "lang=fr",
                "-V",
                "geometry:a4paper,margin=2.5cm",
            ),
            LIBREOFFICE_DOCX,
        ),
    )
}


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(LIBREOFFICE_PDF, out / "libreoffice.pdf")
    for producer in PRODUCERS.values():
        if shutil.which(producer.command) is None:
            print(
                f"{producer.name}: left out, {producer.command} is not installed (apt-get install {producer.package})"
            )
            continue
        producer.write(out / f"{producer.name}.pdf")
        print(f"{producer.name}: {out / f'{producer.name}.pdf'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/producers")
