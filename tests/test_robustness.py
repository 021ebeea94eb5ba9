"""Bad input gets a clear one-line error and a documented exit status; partial reports give
what can be trusted; nothing already extracted is ever lost."""

from __future__ import annotations

import copy
import io
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from support import REPORT_2023, ROOT, da_extract, one_line_error, report_file, time_limit

from pipeline.datasets.tables import to_tables
from pipeline.datasets.validate import validate
from pipeline.errors import ReportError
from pipeline.extractors import registry as extractor_registry
from pipeline.extractors.context import extractor
from pipeline.extractors.registry import extract
from pipeline.readers import read_report
from pipeline.readers.docx import W
from pipeline.readers.odt_numbering import q as odt_tag
from pipeline.run import run

RENDERINGS = ROOT / "tests" / "samples" / "renderings"
ANNEXES_FOLLOW = "[Les annexes suivent]"
ANNEX_II_TITLE = " Liste des projets du Plan d’action pour le développement en\u00a02023"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


ENGLISH = (
    "Report of the Director General on the Implementation of the Development Agenda for the year 2023.\n"
    "Introduction\nIntellectual property is a recognized positive tool for socioeconomic development "
    "in all regions of the world, as shown by the results of the global survey.\n"
)
OTHER_FRENCH = (
    "Compte rendu de la réunion du comité des fêtes pour l’année 2023.\nOrdre du jour\n"
    "La réunion a commencé à dix heures et les membres ont discuté de la fête du village.\n"
)

BAD_INPUTS = [
    ("empty", b"", 1, "the file is empty"),
    ("random bytes", random.Random(7).randbytes(4096), 1, "nor Windows-1252 text"),
    ("english report", ENGLISH, 1, "not a report in French"),
    ("another french document", OTHER_FRENCH, 1, "does not look like a Development Agenda report"),
    ("corrupt docx", b"PK\x03\x04" + bytes(200), 1, "not a valid .docx: the file is not a zip archive"),
    ("zip without word document", zip_bytes({"a.txt": b"x"}), 1, "the zip has no word/document.xml"),
    (
        "docx bomb",
        zip_bytes({"word/document.xml": b"<x/>", "word/big.bin": bytes(300 * 2**20)}),
        1,
        "refused: the .docx would expand to",
    ),
    ("damaged legacy doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), 1, "not a valid legacy .doc file"),
    ("damaged pdf", b"%PDF-1.7\n" + bytes(512), 1, "not a readable PDF"),
    (
        "odt without content",
        zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text"}),
        1,
        "not an OpenDocument text: the zip has no content.xml",
    ),
]


@pytest.mark.parametrize(
    "content, status, problem", [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_is_a_one_line_error(tmp_path, content, status, problem):
    path = report_file(tmp_path, content)
    one_line_error(da_extract("extract", str(path.parent), "--data", str(tmp_path / "out")), status, problem, path)
    assert not (tmp_path / "out").exists()


def test_100_mb_text_file_is_refused_without_being_read(tmp_path):
    path = report_file(tmp_path, b"")
    with open(path, "r+b") as handle:
        handle.truncate(100 * 2**20)  # sparse: 100 MiB that the test never writes
    one_line_error(
        da_extract("extract", str(path.parent), "--data", str(tmp_path / "out")),
        1,
        "refused: 100 MiB is more than the 50 MiB a report can be",
        path,
    )


def test_windows_1252_report_reads_like_the_utf8_one(tmp_path, report_2023_text):
    text = report_2023_text.replace("\u2011", "-")  # Windows-1252 has no non-breaking hyphen
    utf8 = read_report(report_file(tmp_path, text, "utf8.txt", "2023"))
    cp1252 = read_report(report_file(tmp_path, text.encode("cp1252"), "cp1252.txt", "2024-copy"), year=2023)
    assert (cp1252.blocks, cp1252.footnotes) == (utf8.blocks, utf8.footnotes)


def test_utf16_report_reads_like_the_utf8_one(tmp_path, report_2023_text, document_2023):
    document = read_report(report_file(tmp_path, report_2023_text.encode("utf-16")))
    assert document.blocks == document_2023.blocks


NO_ANNEX_II_TOTAL = "check failed: total projects stated in the body = Annex II projects: expected 55, found 0 (I.6:1)"


@pytest.mark.parametrize(
    "cut, missing",
    [
        (
            ANNEXES_FOLLOW,
            ["no recommendations table (Annex I) found", "no list of projects (Annex II) found", NO_ANNEX_II_TOTAL],
        ),
        (ANNEX_II_TITLE, ["no list of projects (Annex II) found", NO_ANNEX_II_TOTAL]),
    ],
)
def test_truncated_report_gives_what_can_be_trusted(tmp_path, report_2023_text, cut, missing):
    text = report_2023_text[: report_2023_text.index(cut)]
    if cut == ANNEXES_FOLLOW:
        text = text.replace("[footnoteRef:189]", "").replace("[footnoteRef:190]", "")
    path = report_file(tmp_path, text)
    result = da_extract("extract", str(path.parent), "--data", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    import json

    manifest = json.loads((tmp_path / "out" / "manifest" / "2023.json").read_text(encoding="utf-8"))
    assert [w.removeprefix("incomplete: ") for w in manifest["warnings"] if w.startswith("incomplete")] == missing
    assert manifest["rows"]["sections"] > 40

    strict = da_extract("extract", str(path.parent), "--data", str(tmp_path / "strict"), "--strict")
    one_line_error(strict, 4, missing[0], path)
    assert not (tmp_path / "strict").exists()


def test_a_failed_run_leaves_every_year_as_it_was(tmp_path, report_2023_text, monkeypatch):
    out = tmp_path / "extracted"
    run(REPORT_2023.parent, out, log=lambda m: None)
    copy = report_file(tmp_path, report_2023_text.replace("l’année\u00a02023", "l’année\u00a02022"), year="2022")
    run(copy.parent, out, log=lambda m: None)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {p.parent.name for p in out.rglob("part-0.parquet")} == {"report_year=2022", "report_year=2023"}

    @extractor()
    def failing(extraction):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(extractor_registry, "EXTRACTORS", extractor_registry.EXTRACTORS + (failing,))
    with pytest.raises(OSError):
        run(REPORT_2023.parent, out, log=lambda m: None)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_write_that_fails_half_way_leaves_the_year_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "extracted"
    run(REPORT_2023.parent, out, log=lambda m: None)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    import pyarrow.parquet as pq

    calls = []
    original = pq.write_table

    def fail_on_the_fifth(table, where, **options):
        calls.append(where)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        original(table, where, **options)

    monkeypatch.setattr(pq, "write_table", fail_on_the_fifth)
    with pytest.raises(OSError):
        run(REPORT_2023.parent, out, log=lambda m: None)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # no temporary file left either


def test_internal_errors_are_one_line_too(tmp_path):
    result = da_extract("diff", str(tmp_path / "nothing"), "2023")
    one_line_error(result, 1, "no such extraction folder", tmp_path / "nothing")


# -- mutations of the real report -------------------------------------------------------


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "drop bracket", "junk"]),
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=10**6),
        st.text(alphabet=st.sampled_from(list("[]:\t\n ()*/§é0123456789abcIVX.")), max_size=30),
    ),
    min_size=1,
    max_size=4,
)


def mutate(text: str, mutations) -> str:
    lines = text.split("\n")
    for operation, a, b, junk in mutations:
        i, j = a % len(lines), b % len(lines)
        if operation == "delete" and len(lines) > 1:
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "drop bracket":
            joined = "\n".join(lines)
            brackets = [k for k, c in enumerate(joined) if c in "[]"]
            if brackets:
                k = brackets[b % len(brackets)]
                lines = (joined[:k] + joined[k + 1 :]).split("\n")
        else:
            lines[i] = lines[i][: b % (len(lines[i]) + 1)] + junk + lines[i][b % (len(lines[i]) + 1) :]
    return "\n".join(lines)


def gives_clean_data_or_a_clean_error(path, cache) -> None:
    with time_limit(120):
        try:
            extraction = extract(read_report(path), cache=cache)
            validate(to_tables(extraction.datasets, str(path)), str(path))
        except ReportError as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=MUTATIONS)
def test_mutated_reports_give_clean_data_or_a_clean_error(tmp_path, report_2023_text, mutations, parse_cache):
    gives_clean_data_or_a_clean_error(report_file(tmp_path, mutate(report_2023_text, mutations)), parse_cache)


def test_a_dropped_bracket_that_merges_the_report_into_one_long_footnote(tmp_path, report_2023_text, parse_cache):
    """Found by hypothesis: rules that looked back over the whole text before each number or country
    took minutes on the one very long paragraph this makes."""
    mutations = [
        ("delete", 377156, 500, ""),
        ("drop bracket", 2131, 41, "2*(3X"),
        ("junk", 76806, 80649, "(5a.9/aIcb]*:"),
        ("delete", 450, 646, ""),
    ]
    gives_clean_data_or_a_clean_error(report_file(tmp_path, mutate(report_2023_text, mutations)), parse_cache)


HTML_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "junk"]),
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=10**6),
        st.text(alphabet=st.sampled_from(list("<>/=\"'#&; adivptrhsup123")), max_size=30),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=HTML_MUTATIONS)
def test_mutated_html_reports_give_clean_data_or_a_clean_error(tmp_path, mutations, parse_cache):
    page = (RENDERINGS / "rapport_da_2023_fr.libreoffice.html").read_text(encoding="utf-8")
    path = report_file(tmp_path, mutate(page, mutations), name="rapport.html")
    gives_clean_data_or_a_clean_error(path, parse_cache)


WORD_ELEMENTS = [
    f"{{{W}}}{tag}"
    for tag in ("p", "r", "t", "tbl", "tr", "tc", "footnoteReference", "numPr", "hyperlink", "pStyle", "sdt")
]
ODT_ELEMENTS = [
    odt_tag(name)
    for name in (
        "text:p",
        "text:h",
        "text:list",
        "text:list-item",
        "text:note",
        "text:note-body",
        "text:span",
        "text:a",
        "text:s",
        "table:table",
        "table:table-row",
        "table:table-cell",
        "table:covered-table-cell",
    )
]


def package_mutations(elements: list[str]):
    return st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "move", "strip attributes"]),
            st.sampled_from(elements),
            st.integers(min_value=0, max_value=10**6),
            st.integers(min_value=0, max_value=10**6),
        ),
        min_size=1,
        max_size=4,
    )


def mutate_package(data: bytes, member: str, mutations) -> bytes:
    """Whole elements of a zip's XML ``member`` (``word/document.xml``, ``content.xml``) deleted,
    duplicated, moved or stripped of their attributes: the XML stays well-formed, its structure
    does not."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {item.filename: archive.read(item) for item in archive.infolist()}
    root = etree.fromstring(members[member])
    for operation, tag, a, b in mutations:
        elements = list(root.iter(tag))
        if not elements:
            continue
        element, other = elements[a % len(elements)], elements[b % len(elements)]
        if operation == "strip attributes":
            element.attrib.clear()
        elif element.getparent() is None or element is other or element in other.iterancestors():
            continue
        elif operation == "delete":
            element.getparent().remove(element)
        elif operation == "duplicate":
            element.addnext(copy.deepcopy(element))
        else:
            other.addnext(element)
    members[member] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_bytes(members)


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=package_mutations(WORD_ELEMENTS))
def test_mutated_word_reports_give_clean_data_or_a_clean_error(tmp_path, mutations, parse_cache):
    data = (RENDERINGS / "rapport_da_2023_fr.libreoffice.docx").read_bytes()
    path = report_file(tmp_path, mutate_package(data, "word/document.xml", mutations), name="rapport.docx")
    gives_clean_data_or_a_clean_error(path, parse_cache)


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=package_mutations(ODT_ELEMENTS))
def test_mutated_opendocument_reports_give_clean_data_or_a_clean_error(tmp_path, mutations, parse_cache):
    data = (RENDERINGS / "rapport_da_2023_fr.libreoffice.odt").read_bytes()
    path = report_file(tmp_path, mutate_package(data, "content.xml", mutations), name="rapport.odt")
    gives_clean_data_or_a_clean_error(path, parse_cache)


def test_html_nested_200000_deep_is_a_one_line_error(tmp_path):
    page = (
        "<html><body><p>Plan d’action pour le développement, rapport pour l’année 2023.</p>"
        + "<div>" * 200_000
        + "texte"
        + "</div>" * 200_000
        + "</body></html>"
    )
    path = report_file(tmp_path, page, name="profond.html")
    one_line_error(
        da_extract("extract", str(path.parent), "--data", str(tmp_path / "out")),
        1,
        "HTML nested more than 400 levels deep: not a report",
        path,
    )


def test_large_html_page_that_is_not_a_report_is_refused_before_its_tree_is_built(tmp_path, monkeypatch):
    paragraph = '<div class="article"><p>' + "Le musée présente une collection de peintures et de sculptures. " * 20
    page = "<html><body>" + (paragraph + "</p></div>\n") * 30_000 + "</body></html>"  # about 40 MB
    path = report_file(tmp_path, page, name="musee.html")
    monkeypatch.setattr("pipeline.readers.html.tree.read_html", lambda *args: pytest.fail("the tree was built"))
    with pytest.raises(ReportError, match="does not look like a Development Agenda report: its text never names"):
        read_report(path)
