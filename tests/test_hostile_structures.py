"""Hostile and damaged Word, OpenDocument and RTF structures: list numbering beyond any report,
numbers that are no numbers, damaged zip members, more footnotes than a report holds, and
LibreOffice asked for more memory than it is given. Each file is made here, then given to the
command line in a fresh process under an address-space cap and a time limit: a one-line error
naming the file, exit 1, nothing written, no process left."""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import one_line_error, report_file

from pipeline.cli import main
from pipeline.datasets.schema import DATASETS
from pipeline.document.model import Document, Source
from pipeline.errors import ReportError
from pipeline.extractors.context import Extraction
from pipeline.language.french import list_label
from pipeline.readers.base import MAX_TEXT_CHARACTERS, Content
from pipeline.readers.docx import DocxReader
from pipeline.readers.libreoffice import KILL_AFTER
from pipeline.readers.odt import OdtReader
from pipeline.readers.odt_numbering import MAX_LABEL_TEMPLATE, drawn_label, odf_number, q
from pipeline.readers.package import MAX_XML_TAGS

ADDRESS_SPACE = 1536 * 2**20  # the cap of each run: enough for da-extract up to its readers' refusals
SECONDS = 30  # a run that outlives it has no bound
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FRENCH = "Rapport sur la mise en œuvre du Plan d’action pour le développement pour l’année 2023"


def capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def extract(tmp_path: Path, path: Path, env: dict | None = None, seconds: float = SECONDS):
    """``da-extract extract`` of ``path``'s folder under the cap; the output folder must stay unwritten."""
    out = tmp_path / "extracted"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(path.parent), "--data", str(out), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=capped,
        env={**os.environ, "TMPDIR": str(tmp_path), **(env or {})},
    )
    result.seconds = time.monotonic() - started
    assert not out.exists() or not any(out.rglob("*.parquet")), "a refused report wrote datasets"
    return result


# -- Word documents, written by hand: only the parts a case needs ------------------------------------


def docx(body: str, numbering: str | None = None, footnotes: str | None = None) -> bytes:
    """A .docx whose body is ``body`` (paragraphs' XML), with a numbering and footnotes part if given."""
    rels = [("rIdN", "numbering", "numbering.xml", numbering), ("rIdF", "footnotes", "footnotes.xml", footnotes)]
    overrides = "".join(
        f'<Override PartName="/word/{target}" ContentType="application/vnd.openxmlformats-officedocument.'
        f'wordprocessingml.{kind}+xml"/>'
        for _, kind, target, part in rels
        if part is not None
    )
    members = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        f'wordprocessingml.document.main+xml"/>{overrides}</Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{R_NS}/{kind}" Target="{target}"/>'
            for rid, kind, target, part in rels
            if part is not None
        )
        + "</Relationships>",
        "word/document.xml": f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>',
    }
    for _, _, target, part in rels:
        if part is not None:
            members[f"word/{target}"] = f'<?xml version="1.0"?>{part}'
    return zip_of(members, zipfile.ZIP_STORED)  # stored: repeated items would compress beyond the ratio limit


def zip_of(members: dict[str, str | bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def paragraph(text: str, num_id: str | None = None, ilvl: str = "0") -> str:
    numbered = f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
    return f"<w:p>{numbered if num_id else ''}<w:r><w:t>{text}</w:t></w:r></w:p>"


def numbering(start: str = "1", fmt: str = "lowerRoman", text: str = "%1)", ilvl: str = "0") -> str:
    return (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )


def numbered_report(items: int, **level) -> bytes:
    body = paragraph(FRENCH) + paragraph("Le comité a examiné les projets de la liste.", "1") * items
    return docx(body, numbering(**level))


@pytest.mark.parametrize(
    ("case", "file", "problem"),
    [
        # 30,000 items: under the paragraph and tag budgets, so that the start is what refuses it
        ("start 2**31 in roman numerals, 30,000 items", lambda: numbered_report(30_000, start="2147483647"), "start"),
        # the 100,000 items (8 GiB in 18 s): their markup, before their numbers
        ("start 2**31, 99,000 items", lambda: numbered_report(99_000, start="2147483647"), f"{MAX_XML_TAGS:,} tags"),
        ("start of 10**15", lambda: numbered_report(3, start=str(10**15)), "1,000,000,000,000,000"),
        ("start that is a word", lambda: numbered_report(3, start="douze"), "'douze', not a number"),
        ("start of 5,000 digits", lambda: numbered_report(3, start="9" * 5000), "(5,000 characters), not a number"),
        ("label template of 400,000 %1", lambda: numbered_report(3, text="%1" * 400_000), "(limit 100)"),
        ("level 99 of a paragraph", lambda: docx(paragraph(FRENCH) + paragraph("Un.", "1", "99"), numbering()), "99"),
        ("level 99 of a list", lambda: numbered_report(3, ilvl="99"), "w:ilvl"),
    ],
)
def test_word_numbering_beyond_any_report_is_a_one_line_error(tmp_path, case, file, problem):
    path = report_file(tmp_path, file(), "rapport.docx")
    result = extract(tmp_path, path)
    one_line_error(result, 1, problem, path)
    assert result.seconds < 10, case


def footnoted(note_id: str, reference_id: str | None = None) -> bytes:
    reference = f'<w:r><w:footnoteReference w:id="{reference_id or note_id}"/></w:r>'
    body = f"<w:p><w:r><w:t>{FRENCH}</w:t></w:r>{reference}</w:p>"
    notes = (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="{note_id}"><w:p><w:r><w:t>Une note.</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    return docx(body, footnotes=notes)


@pytest.mark.parametrize(
    ("file", "problem"),
    [
        (lambda: footnoted("2", "x1"), "'x1', not a number"),
        (lambda: footnoted("x1", "2"), "'x1', not a number"),
        (lambda: footnoted("99999999999", "2"), "w:id"),
        (lambda: footnoted("40000", "2"), "footnote number 40,000 (limit 32,767)"),  # uncited: numbered by its id
    ],
)
def test_word_footnote_ids_beyond_a_report_are_a_one_line_error(tmp_path, file, problem):
    path = report_file(tmp_path, file(), "rapport.docx")
    one_line_error(extract(tmp_path, path), 1, problem, path)


def test_more_footnotes_than_a_report_holds_are_refused_before_extraction(tmp_path):
    count = 10_001
    refs = "".join(f'<w:r><w:footnoteReference w:id="{n}"/></w:r>' for n in range(1, count + 1))
    notes = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:t>Note {n}.</w:t></w:r></w:p></w:footnote>' for n in range(1, count + 1)
    )
    file = docx(
        f"<w:p><w:r><w:t>{FRENCH}</w:t></w:r>{refs}</w:p>",
        footnotes=f'<w:footnotes xmlns:w="{W_NS}">{notes}</w:footnotes>',
    )
    path = report_file(tmp_path, file, "rapport.docx")
    result = extract(tmp_path, path)
    one_line_error(result, 1, "10,001 footnotes (limit 10,000)", path)
    assert result.seconds < 10


# -- OpenDocument ------------------------------------------------------------------------------------

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"'
)


def odt(items: int, list_format: str, compression=zipfile.ZIP_STORED) -> bytes:
    content = (
        f'<?xml version="1.0"?><office:document-content {ODT_NS}><office:automatic-styles>'
        '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="i" '
        f'loext:num-list-format="{list_format}"/></text:list-style></office:automatic-styles>'
        f'<office:body><office:text><text:p>{FRENCH}</text:p><text:list text:style-name="L1">'
        + "<text:list-item><text:p>Le comité a examiné le projet.</text:p></text:list-item>" * items
        + "</text:list></office:text></office:body></office:document-content>"
    )
    return zip_of({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content}, compression)


def test_an_odt_list_format_of_300000_labels_is_cut_and_read_in_bounded_time(tmp_path):
    path = report_file(tmp_path, odt(2_000, "%1%" * 300_000), "rapport.odt")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "read", str(path.parent), "--out", str(tmp_path / "d.json")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=capped,
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 10


def test_an_odt_label_template_is_cut_at_its_limit():
    style = drawn_style("%1%" * 1000)
    label = drawn_label({1: style}, [4] + [0] * 9, 1)
    assert label == "iv" * (MAX_LABEL_TEMPLATE // 3) + "%"  # the template's first 100 characters


def drawn_style(list_format: str):
    from lxml import etree

    style = etree.Element(q("text:list-level-style-number"))
    style.set(q("style:num-format"), "i")
    style.set(q("loext:num-list-format"), list_format)
    return style


def damaged_odt(damage, compression=zipfile.ZIP_DEFLATED) -> bytes:
    good = odt(3, "%1%)", compression)
    data = bytearray(good)
    start = good.index(b"content.xml", 100) + len("content.xml")  # the local header's name, then the data
    damage(data, start)
    return bytes(data)


def flip(data: bytearray, start: int) -> None:
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A


def cut_stream(data: bytearray, start: int) -> None:
    data[start : start + 200] = b"\x00" * 200


@pytest.mark.parametrize(
    ("damage", "compression"),  # zlib's errors, and zipfile's wrong CRC
    [(flip, zipfile.ZIP_DEFLATED), (cut_stream, zipfile.ZIP_DEFLATED), (flip, zipfile.ZIP_STORED)],
)
def test_a_damaged_odt_member_is_a_one_line_error(tmp_path, damage, compression):
    path = report_file(tmp_path, damaged_odt(damage, compression), "rapport.odt")
    one_line_error(extract(tmp_path, path), 1, "content.xml in the .odt is damaged", path)


# -- numbering labels in the language rules ----------------------------------------------------------


def test_odf_numbers_beyond_any_report_are_read_as_the_default():
    assert odf_number("9" * 5000, 1) == 1  # int() itself refuses 4,300 digits
    assert odf_number("10000", 1) == 1
    assert odf_number("١٢", 1) == 12  # digits of any script are digits


def test_a_roman_label_beyond_9999_is_drawn_in_digits_in_bounded_time():
    started = time.monotonic()
    assert list_label(2_147_483_647, "lowerRoman") == "2147483647"
    assert list_label(10**15, "I") == str(10**15)
    assert list_label(9_999, "I") == "MMMMMMMMMCMXCIX"
    assert list_label(0, "lowerRoman") == "0"
    assert time.monotonic() - started < 0.1


# -- integer widths, the memory ceiling ----------------------------------------------------------------


def test_a_value_its_integer_column_cannot_hold_is_refused_when_its_row_is_added():
    source = Source(path="rapport.docx", sha256="0", format="docx", size_bytes=1)
    extraction = Extraction(document=Document(year=2023, source=source), outline=None)
    row = dict.fromkeys(DATASETS["footnotes"].column_names)
    with pytest.raises(ReportError, match=r"rapport.docx: footnotes.footnote = 40,000 does not fit .* int16"):
        extraction.add("footnotes", [{**row, "footnote": 40_000, "text": "x"}])


def test_a_memory_error_names_the_file_and_the_ceiling(tmp_path, monkeypatch, capsys):
    import pipeline.api

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pipeline.api, "extract", exhausted)
    assert main(["extract", "raw/2023/rapport.docx"]) == 1
    said = capsys.readouterr().err.strip()
    assert said.startswith("da-extract: error: raw/2023/rapport.docx: the file needs more")
    assert "memory" in said


def test_a_run_beyond_its_memory_ceiling_ends_with_a_one_line_error(tmp_path):
    # within the text budget (1.3 million characters), under a ceiling the reading passes
    text = (FRENCH + "\n" + "Le comité a examiné les projets et les résultats de l’année. " * 3_000 + "\n") * 7
    path = report_file(tmp_path, text, "rapport.txt")
    result = subprocess.run(  # read: no parsing process, whose libraries' reservations vary with the machine
        [sys.executable, "-m", "pipeline", "read", str(path), "--out", str(tmp_path / "d.json")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        env={**os.environ, "DA_EXTRACT_MEMORY_MIB": "30"},
    )
    assert not (tmp_path / "d.json").exists()
    one_line_error(result, 1, "needs more than 30 MiB of memory (the ceiling DA_EXTRACT_MEMORY_MIB sets)", path)


# -- LibreOffice -------------------------------------------------------------------------------------


def conversions_left(tmp_path: Path) -> list[str]:
    """Processes whose command line names the test's folder (the conversion folder is in it)."""
    left = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            said = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "da-extract-libreoffice-" in said and str(tmp_path) in said:
            left.append(said)
    return left


def test_an_rtf_of_a_million_nested_groups_ends_at_libreoffices_memory_ceiling(tmp_path, soffice):
    path = report_file(tmp_path, "{\\rtf1\\ansi " + "{" * 1_000_000 + FRENCH + "}" * 1_000_000 + "}", "rapport.rtf")
    result = extract(tmp_path, path, env={"DA_EXTRACT_LIBREOFFICE_TIMEOUT": "20"})
    one_line_error(result, 1, "LibreOffice", path)
    assert "DA_EXTRACT_LIBREOFFICE_MEMORY_MIB" in result.stderr
    assert result.seconds < 20
    assert not conversions_left(tmp_path)
    assert not list(tmp_path.glob("da-extract-libreoffice-*"))


def slow_rtf() -> str:
    """An RTF LibreOffice takes several seconds to convert."""
    body = "".join(f"\\par Le comité a examiné le projet {n} et ses résultats." for n in range(60_000))
    return "{\\rtf1\\ansi " + FRENCH + body + "}"


def test_libreoffice_ends_soon_after_da_extract_is_killed(tmp_path, soffice):
    path = report_file(tmp_path, slow_rtf(), "rapport.rtf")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "read", str(path.parent), "--out", str(tmp_path / "d.json")],
        cwd=tmp_path,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    deadline = time.monotonic() + SECONDS
    while not any("soffice.bin" in c for c in conversions_left(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the conversion ended before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed = time.monotonic()
    while conversions_left(tmp_path) and time.monotonic() < killed + 5:
        time.sleep(0.05)
    assert not conversions_left(tmp_path)
    assert time.monotonic() - killed < 3
    print(f"LibreOffice ended {time.monotonic() - killed:.2f} s after da-extract was killed")


def test_a_conversion_beyond_its_time_limit_is_killed_a_second_later(tmp_path, soffice):
    path = report_file(tmp_path, slow_rtf(), "rapport.rtf")
    result = extract(tmp_path, path, env={"DA_EXTRACT_LIBREOFFICE_TIMEOUT": "1"})
    one_line_error(result, 1, "LibreOffice did not convert the file within 1 s", path)
    assert result.seconds < 1 + KILL_AFTER + 2  # the start of Python and of the parsing process included
    assert not conversions_left(tmp_path)


# -- fuzzing the numbers of the structures, in this process: a document or a ReportError, nothing else ---

NUMBERS = st.one_of(
    st.sampled_from(["", "x1", "-1", "0", "8", "9", "99", "douze", " 3 ", "1e3", "%0", "%9%1", "%99999%", "9" * 5000]),
    st.integers(-(2**40), 2**40).map(str),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),  # characters XML may hold
)


def fill(template: str, values: list[str]) -> str:
    """``template`` with its ``{}`` replaced by ``values``, escaped for an XML attribute."""
    from xml.sax.saxutils import quoteattr

    return template.format(*(quoteattr(v)[1:-1] for v in values))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(NUMBERS, min_size=8, max_size=8))
def test_word_numbers_of_any_value_give_a_document_or_a_one_line_error(values):
    body = fill(
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="{}"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="{}"/>'
        f'</w:pPr><w:r><w:t>{FRENCH}</w:t></w:r><w:r><w:footnoteReference w:id="{{}}"/></w:r></w:p>',
        values[:3],
    )
    levels = fill(numbering(start="{}", text="{}", ilvl="{}"), values[3:6])
    notes = fill(
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="{{}}"><w:p><w:r><w:t>Note.</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>",
        values[6:7],
    )
    try:
        DocxReader().parse(Content("f.docx", docx(body, levels, notes)))
    except ReportError as error:
        assert error.problem and len(error.problem) < 300


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(NUMBERS, min_size=6, max_size=6))
def test_opendocument_numbers_of_any_value_give_a_document_or_a_one_line_error(values):
    content = fill(
        f'<?xml version="1.0"?><office:document-content {ODT_NS}><office:automatic-styles>'
        '<text:list-style style:name="L1"><text:list-level-style-number text:level="{}" style:num-format="i" '
        'text:display-levels="{}" loext:num-list-format="{}" text:start-value="{}"/></text:list-style>'
        '</office:automatic-styles><office:body><office:text><text:list text:style-name="L1">'
        '<text:list-item text:start-value="{}"><text:p>Le comité.</text:p></text:list-item></text:list>'
        f'<text:p>{FRENCH}<text:s text:c="{{}}"/></text:p></office:text></office:body></office:document-content>',
        values,
    )
    data = zip_of({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})
    try:
        OdtReader().parse(Content("f.odt", data))
    except ReportError as error:
        assert error.problem and len(error.problem) < 300


# -- a real report padded with millions of empty paragraphs --------------------------------------------

RENDERINGS = Path(__file__).parent / "samples" / "renderings"
PADDINGS = {  # format: (sample member holding the body, a paragraph's end tag, an empty paragraph)
    "docx": ("word/document.xml", b"</w:p>", b"<w:p/>"),
    "odt": ("content.xml", b"</text:p>", b"<text:p/>"),
}


def padded(fmt: str, paragraphs: int) -> bytes:
    """The sample with ``paragraphs`` empty paragraphs after a paragraph halfway through."""
    member, end_tag, empty = PADDINGS[fmt]
    return inserted_halfway(fmt, member, end_tag, empty * paragraphs)


def inserted_halfway(fmt: str, member: str, end_tag: bytes, inserted: bytes) -> bytes:
    """The zipped sample of ``fmt`` with ``inserted`` after the paragraph of ``member`` that ends halfway."""
    source = zipfile.ZipFile(RENDERINGS / f"rapport_da_2023_fr.libreoffice.{fmt}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as changed:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                cut = data.index(end_tag, len(data) // 2) + len(end_tag)
                data = data[:cut] + inserted + data[cut:]
            changed.writestr(item, data)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", sorted(PADDINGS))
def test_a_report_padded_with_two_million_empty_paragraphs_is_refused_at_once(tmp_path, fmt):
    path = report_file(tmp_path, padded(fmt, 2_000_000), f"rapport.{fmt}")
    started = time.monotonic()
    one_line_error(extract(tmp_path, path), 1, "paragraphs, more than the 100,000 a report can hold", path)
    assert time.monotonic() - started < SECONDS


def test_an_html_page_of_two_million_empty_paragraphs_is_refused_before_its_tree_is_built(tmp_path):
    page = (RENDERINGS / "rapport_da_2023_fr.libreoffice.html").read_text(encoding="utf-8")
    cut = page.index("</body>")
    path = report_file(tmp_path, page[:cut] + "<p></p>" * 2_000_000 + page[cut:], "rapport.html")
    one_line_error(extract(tmp_path, path), 1, "2,001,", path)


WORDS = "le comité a examiné les projets de propriété intellectuelle pour le développement des pays ".split()
LONG_PARAGRAPHS = {  # format: (sample member holding the body or None, a paragraph's end, a paragraph of ``text``)
    "docx": ("word/document.xml", "</w:p>", "<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"),
    "odt": ("content.xml", "</text:p>", "<text:p>{text}</text:p>"),
    "html": (None, "</p>", "<p>{text}</p>"),
}


def with_long_paragraph(fmt: str, characters: int) -> bytes:
    """The sample of ``fmt`` with a paragraph of ``characters`` of French words halfway through."""
    text = " ".join(WORDS[n % len(WORDS)] for n in range(characters // 5))[:characters]
    member, end_tag, long_paragraph = LONG_PARAGRAPHS[fmt]
    if member is None:
        page = (RENDERINGS / f"rapport_da_2023_fr.libreoffice.{fmt}").read_text(encoding="utf-8")
        cut = page.index(end_tag, len(page) // 2) + len(end_tag)
        return (page[:cut] + long_paragraph.format(text=text) + page[cut:]).encode()
    return inserted_halfway(fmt, member, end_tag.encode(), long_paragraph.format(text=text).encode())


@pytest.mark.parametrize("fmt", ["txt", *sorted(LONG_PARAGRAPHS)])
def test_a_report_padded_with_more_text_than_a_report_holds_is_refused_at_once(tmp_path, fmt):
    # 40 MB of words in one paragraph of the text export: 17 s, then out of memory at 1.5 GB
    characters = 40_000_000 if fmt == "txt" else MAX_TEXT_CHARACTERS + 1
    if fmt == "txt":
        report = (Path(__file__).parent.parent / "raw" / "2023" / "rapport_da_2023_fr.txt").read_text(encoding="utf-8")
        cut = report.index("\n", len(report) // 2) + 1
        data = (report[:cut] + " ".join(WORDS * (characters // 100)) + "\n" + report[cut:]).encode()
    else:
        data = with_long_paragraph(fmt, characters)
    path = report_file(tmp_path, data, f"rapport.{fmt}")
    result = extract(tmp_path, path)
    one_line_error(result, 1, f"refused: more than {MAX_TEXT_CHARACTERS:,} characters of text", path)
    assert result.seconds < 5


def test_a_report_with_a_paragraph_a_few_times_longer_than_a_report_s_longest_is_read(tmp_path):
    from pipeline.readers import load_document
    from pipeline.readers.checks import iter_paragraphs

    path = report_file(tmp_path, with_long_paragraph("odt", 50_000), "rapport.odt")
    document = load_document(path)
    texts = [p.text for p in iter_paragraphs(document.blocks)] + [note.text for note in document.footnotes]
    assert max(map(len, texts)) >= 50_000


@pytest.mark.parametrize("ceiling", ["40", "200"])
def test_a_ceiling_too_low_for_the_libraries_to_load_is_the_memory_message(tmp_path, ceiling):
    # the system's loader cannot map numpy's or pyarrow's code: an ImportError, once an internal error
    path = report_file(tmp_path, RENDERINGS.joinpath("rapport_da_2023_fr.libreoffice.odt").read_bytes(), "rapport.odt")
    result = extract(tmp_path, path, env={"DA_EXTRACT_MEMORY_MIB": ceiling})
    assert result.returncode == 1, result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith(f": the file needs more than {ceiling} MiB of memory (the ceiling DA_EXTRACT_MEMORY_MIB sets)")
    ), result.stderr
