"""Hostile and damaged PDFs: each is refused with a one-line error naming the file and the problem
(the budget and its value where one is exceeded), in bounded time and memory, with nothing written;
a hostile layout that stays within the budgets is read in bounded time.

The files are written here, by hand, in PDF syntax: small on disk, however much they ask for. Each
runs in its own process, as a user runs it, under an address-space cap and a time limit.
"""

from __future__ import annotations

import base64
import binascii
import time
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FONT, LINE_OF_TEXT, page, pdf, refused, run_capped, stream, text

from pipeline.errors import ReportError
from pipeline.readers.pdf import glyphs
from pipeline.readers.pdf.budgets import (
    MAX_CONTENT_BYTES,
    MAX_FONTS,
    MAX_FORMS_PER_PAGE,
    MAX_GLYPHS,
    MAX_GLYPHS_PER_PAGE,
    MAX_IMAGES,
    MAX_IMAGES_PER_PAGE,
    MAX_INFLATED_BYTES,
    MAX_LINKS_PER_PAGE,
    MAX_OBJECTS,
    MAX_OBJECTS_PER_PAGE,
    MAX_PAGES,
    MAX_PATHS_PER_PAGE,
    MAX_STREAM_BYTES,
)
from pipeline.readers.pdf.filters import _ascii85, _hex, _lzw, _run_length
from pipeline.readers.pdf.forms import MAX_DEPTH as MAX_FORM_DEPTH
from pipeline.readers.pdf.forms import Forms, check_forms
from pipeline.readers.pdf.glyphs import Glyph, _mark_links, read_pages
from pipeline.readers.pdf.glyphs import Path as Rule
from pipeline.readers.pdf.lines import Line, fragments
from pipeline.readers.pdf.notes import footnote_separator
from pipeline.readers.pdf.tolerances import Tolerances

CONTENT_PROBLEM = f"its pages draw more than {MAX_CONTENT_BYTES // 2**20} MiB of content in all, the limit"


def pages_sharing(content: bytes, count: int) -> bytes:
    """``count`` pages that all draw one content stream."""
    numbers = list(range(5, 5 + count))
    return pdf([FONT, stream(content, compress=True), *(page(4) for _ in numbers)], numbers)


def test_pages_sharing_one_stream_of_100000_glyphs_are_refused_at_the_first_page(tmp_path):
    data = pages_sharing(b"BT /F1 1 Tf 0 0 Td (" + b"a" * 100_000 + b") Tj ET", 100)
    refused(tmp_path, data, f"page 1 has more than the {MAX_GLYPHS_PER_PAGE:,} glyphs a page can have")


def test_1999_pages_sharing_one_stream_of_100000_glyphs_are_refused_before_pdfium_loads_one(tmp_path):
    # 200 MB of content for pdfium to parse, from a file of 0.35 MB
    data = pages_sharing(b"BT /F1 1 Tf 0 0 Td (" + b"a" * 100_000 + b") Tj ET", 1_999)
    assert len(data) < 500_000
    refused(tmp_path, data, CONTENT_PROBLEM)


def test_pages_within_the_page_budget_are_refused_past_the_total(tmp_path):
    glyphs = MAX_GLYPHS_PER_PAGE - 500
    data = pages_sharing(b"BT /F1 1 Tf 0 0 Td (" + b"a" * glyphs + b") Tj ET", MAX_PAGES - 1)
    refused(tmp_path, data, f"more than the {MAX_GLYPHS:,} glyphs a report can have (at page")


def test_more_pages_than_a_report_can_have_are_refused_before_any_is_read(tmp_path):
    data = pages_sharing(text(), MAX_PAGES + 1)
    refused(tmp_path, data, f"{MAX_PAGES + 1:,} pages is more than the {MAX_PAGES:,} a report can have")


def test_a_page_of_more_objects_than_the_budget_is_refused_before_its_text_is_read(tmp_path):
    data = pages_sharing(b"0 0 1 1 re f\n" * (MAX_OBJECTS_PER_PAGE + 1), 1)
    refused(tmp_path, data, f"page 1 draws more than the {MAX_OBJECTS_PER_PAGE:,} objects a page can have")


def nested_forms(times: int, depth: int, glyphs: int, inherit: bool = False, escaped: bool = False) -> bytes:
    """A page that draws a form ``times``, which draws another ``times``…, ``depth`` forms deep; the
    innermost shows ``glyphs`` glyphs. ``inherit``: the page's resources are its page tree's;
    ``escaped``: the forms' names written with ``#xx`` escapes (``/F#6frm`` is ``/Form``)."""
    shown = b"BT /F1 1 Tf 0 0 Td (" + b"a" * glyphs + b") Tj ET"
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << %s >> /Length %d >>"
    form += b"\nstream\n%s\nendstream"
    if escaped:
        form = form.replace(b"/Subtype /Form", b"/Subt#79pe /F#6frm").replace(b"/Resources", b"/Res#6furces")
    objects = [FONT, form % (b"/Font << /F1 3 0 R >>", len(shown), shown)]
    drawing = (b"q /#58 Do Q\n" if escaped else b"q /X Do Q\n") * times
    for level in range(depth - 1):
        objects.append(form % (b"/XObject << /X %d 0 R >>" % (4 + level), len(drawing), drawing))
    outermost = len(objects) + 2
    objects.append(stream(drawing))
    resources = b"/Resources << /XObject << /X %d 0 R >> >>" % outermost
    objects.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] %s /Contents %d 0 R >>"
        % (b"" if inherit else resources, outermost + 1)
    )
    return pdf(objects, [outermost + 2], inherited=resources if inherit else b"")


FORMS_PROBLEM = f"draws more than the {MAX_FORMS_PER_PAGE:,} forms a page can have"


def test_forms_drawn_within_forms_are_refused_before_pdfium_loads_the_page(tmp_path):
    # ten forms drawn ten times, six deep: pdfium took 2 GB to load the page, and aborted under a cap
    refused(tmp_path, nested_forms(10, 6, 10), f"a page {FORMS_PROBLEM}")


def test_forms_the_bytes_do_not_show_are_counted_before_the_text_is_read(monkeypatch):
    # as if the bytes hid them (an encrypted file): 27,000 forms that pdfium loads (110 MB), then
    # counted before its text page of 2.7 million glyphs (650 MB more)
    monkeypatch.setattr(glyphs, "check_forms", lambda data, source: None)
    with pytest.raises(ReportError, match=f"page 1 {FORMS_PROBLEM}"):
        read_pages(nested_forms(30, 3, 100, inherit=True), "hidden.pdf")


def test_a_form_that_draws_itself_is_refused(tmp_path):
    # pdfium never ends loading a page that draws a form that draws itself twice
    looping = b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 4 0 R >> >>"
    looping += b" /Length 20 >>\nstream\nq /X Do Q q /X Do Q\nendstream"
    drawing = b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>"
    refused(tmp_path, pdf([FONT, looping, stream(b"q /X Do Q"), drawing], [6]), "a form of the PDF draws itself")


def test_forms_nested_deeper_than_a_report_nests_them_are_refused(tmp_path):
    refused(tmp_path, nested_forms(1, 40, 10), f"forms drawn within forms more than {MAX_FORM_DEPTH} deep")


def test_forms_whose_names_are_escaped_are_counted(tmp_path):
    refused(tmp_path, nested_forms(10, 6, 10, escaped=True), f"a page {FORMS_PROBLEM}")


def forms_without_resources(times: int, depth: int) -> bytes:
    """A page that draws a form ``times``…, ``depth`` forms deep, none with resources of its own:
    each draws the next by a name of the page's resources (pdfium looks for it there)."""
    shown = b"BT /F1 1 Tf 0 0 Td (aaaaaaaaaa) Tj ET"
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Length %d >>\nstream\n%s\nendstream"
    objects = [FONT, form % (len(shown), shown)]  # form n is object 4 + n, named /Xn
    for level in range(1, depth):
        drawing = b"q /X%d Do Q\n" % (level - 1) * times
        objects.append(form % (len(drawing), drawing))
    drawing = b"q /X%d Do Q\n" % (depth - 1) * times
    names = b" ".join(b"/X%d %d 0 R" % (n, 4 + n) for n in range(depth))
    resources = b"/Resources << /Font << /F1 3 0 R >> /XObject << %s >> >>" % names
    objects += [stream(drawing), b"<< /Type /Page /Parent 2 0 R %s /Contents %d 0 R >>" % (resources, 4 + depth)]
    return pdf(objects, [5 + depth])


def test_forms_without_resources_of_their_own_are_counted_with_the_page_s(tmp_path):
    # each form drawn twice, 40 deep: 2**40 forms for pdfium to load
    refused(tmp_path, forms_without_resources(2, 40), f"forms drawn within forms more than {MAX_FORM_DEPTH} deep")
    refused(tmp_path / "many", forms_without_resources(10, 6), f"a page {FORMS_PROBLEM}")


def test_a_form_without_resources_borrows_its_parent_s():
    forms = Forms({4: b"<< /Subtype /Form /Resources << /XObject << /Y 5 0 R >> >> >>\nstream\nq /Y Do Q\nendstream"})
    forms.objects[5] = b"<< /Subtype /Form >>\nstream\n/Z Do /Z Do\nendstream"  # /Z: none of the page's
    forms.objects[6] = b"<< /Subtype /Form >>\nstream\nendstream"
    page = b"<< /Type /Page /Resources << /XObject << /X 4 0 R /Z 6 0 R >> >> /Contents 7 0 R >>"
    forms.objects[7] = b"<< >>\nstream\n/X Do\nendstream"
    assert forms.drawn(page, 0) == 2  # /Z in form 5 is looked for in form 4's resources, as pdfium does
    forms.objects[4] = forms.objects[4].replace(b"/Y 5 0 R", b"/Y 5 0 R /Z 6 0 R")
    assert Forms(forms.objects).drawn(page, 0) == 4


def test_a_few_forms_are_read():
    pages = read_pages(nested_forms(5, 2, 30), "forms.pdf")
    assert len(pages[0].glyphs) == 25 * 30


def test_a_page_of_more_paths_than_the_budget_is_refused(tmp_path):
    data = pages_sharing(text() + b"72 100 50 0.5 re f\n" * (MAX_PATHS_PER_PAGE + 1), 1)
    refused(tmp_path, data, f"page 1 has more than the {MAX_PATHS_PER_PAGE:,} paths a page can have")


def links_page(links: int, lines: int) -> bytes:
    """One page of ``lines`` lines of text under ``links`` link annotations, one over each line's start."""
    annotations = [
        b"<< /Type /Annot /Subtype /Link /Rect [72 %d 200 %d] /A << /S /URI /URI (https://www.wipo.int/%d) >> >>"
        % (700 - 2 * (n % lines), 710 - 2 * (n % lines), n)
        for n in range(links)
    ]
    numbers = list(range(5, 5 + links))
    refs = b" ".join(b"%d 0 R" % n for n in numbers)
    return pdf([FONT, stream(text(lines, size=1), compress=True), *annotations, page(4, refs)], [5 + links])


def test_a_page_of_more_link_annotations_than_the_budget_is_refused(tmp_path):
    refused(tmp_path, links_page(40_000, 200), f"more than the {MAX_LINKS_PER_PAGE:,} link annotations")


def deflated_spaces(megabytes: int) -> bytes:
    """A zlib stream of spaces that inflates to ``megabytes``. One MiB is compressed once and its
    blocks repeated (a full flush makes each MiB's blocks stand alone)."""
    deflater, mebibyte = zlib.compressobj(9), b" " * 2**20
    first = deflater.compress(mebibyte) + deflater.flush(zlib.Z_FULL_FLUSH)  # with the zlib header
    repeated = deflater.compress(mebibyte) + deflater.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(mebibyte, checksum)
    end = deflater.flush()[:-4] + checksum.to_bytes(4, "big")
    return first + repeated * (megabytes - 1) + end


def inflating(megabytes: int, streams: int = 1, filters: bytes = b"/FlateDecode", data: bytes = b"") -> bytes:
    """Pages drawing compressed streams of spaces that inflate to ``megabytes`` each; or ``data``,
    encoded by ``filters``."""
    data = data or deflated_spaces(megabytes)
    compressed = b"<< /Length %d /Filter %s >>\nstream\n%s\nendstream" % (len(data), filters, data)
    numbers = list(range(4 + streams, 4 + 2 * streams))
    return pdf([FONT, *[compressed] * streams, *(page(n - streams) for n in numbers)], numbers)


def test_the_inflating_stream_is_a_valid_one():
    stream = inflating(3)[len(b"%PDF-1.7\n") :]
    start = stream.index(b"stream\n") + len(b"stream\n")
    assert zlib.decompress(stream[start : stream.index(b"\nendstream")]) == b" " * 3 * 2**20


def test_a_content_stream_that_inflates_to_1_gb_is_refused_before_pdfium_inflates_it(tmp_path):
    data = inflating(1024)
    assert len(data) < 2 * 2**20
    refused(tmp_path, data, f"a compressed stream inflates to more than {MAX_STREAM_BYTES // 2**20} MiB, the limit")


def test_streams_that_inflate_past_the_total_are_refused(tmp_path):
    data = inflating(MAX_STREAM_BYTES // 2**20 - 1, MAX_INFLATED_BYTES // MAX_STREAM_BYTES + 1)
    refused(tmp_path, data, f"its streams inflate to more than {MAX_INFLATED_BYTES // 2**20} MiB in all, the limit")


def lzw(codes: list[int]) -> bytes:
    """LZW ``codes`` packed as PDF's decoders read them: 9 bits, one more as the table reaches 511,
    1023, 2047 entries (``/EarlyChange 1``); the table grows by one entry a code, but after a clear."""
    bits, held, out, size, first = 0, 0, bytearray(), 258, True
    for code in codes:
        width = min(12, (size + 1).bit_length())
        bits, held = (bits << width) | code, held + width
        while held >= 8:
            held -= 8
            out.append((bits >> held) & 255)
        bits &= (1 << held) - 1
        size, first = (258, True) if code == 256 else (size + (not first and size < 4096), False)
    return bytes(out + bytearray([(bits << (8 - held)) & 255] if held else []))


def lzw_encoded(data: bytes) -> bytes:
    """``data`` LZW-encoded, the table cleared when it is full."""
    table, codes, word = {bytes([n]): n for n in range(256)}, [256], b""
    for byte in data:
        if word + bytes([byte]) in table:
            word += bytes([byte])
            continue
        codes.append(table[word])
        table[word + bytes([byte])] = len(table) + 2
        if len(table) + 2 == 4096:
            codes.append(256)
            table = {bytes([n]): n for n in range(256)}
        word = bytes([byte])
    return lzw(codes + ([table[word]] if word else []) + [257])


def test_the_lzw_stream_is_one_pdfium_reads():
    encoded = lzw_encoded(text())
    data = pdf(
        [FONT, b"<< /Length %d /Filter /LZWDecode >>\nstream\n%s\nendstream" % (len(encoded), encoded), page(4)], [5]
    )
    assert len(read_pages(data, "lzw.pdf")[0].glyphs) > 1000


def test_each_decoder_gives_back_what_was_encoded():
    for data in [b"", b"a", LINE_OF_TEXT * 40, bytes(range(256)) * 80, b" " * 100_000]:
        assert b"".join(_lzw([lzw_encoded(data)], b"")) == data
        assert b"".join(_ascii85([base64.a85encode(data) + b"~>"], b"")) == data
        assert b"".join(_hex([binascii.hexlify(data) + b">"], b"")) == data
        runs = b"".join(b"%c%s" % (len(data[n : n + 128]) - 1, data[n : n + 128]) for n in range(0, len(data), 128))
        assert b"".join(_run_length([runs + b"\x80"], b"")) == data


GIGABYTE_OF_A = [256, 97, *range(258, 4000), *[3999] * (2**30 // 3743), 257]  # code 3999 is 3,743 a's


@pytest.mark.parametrize(
    "filters, data",
    [
        (b"[/ASCII85Decode /FlateDecode]", base64.a85encode(deflated_spaces(1024)) + b"~>"),
        (b"[/AHx /Fl#61teDecode]", binascii.hexlify(deflated_spaces(1024)) + b">"),  # abbreviated, escaped
        (b"/LZWDecode", lzw(GIGABYTE_OF_A)),
        (b"/RunLengthDecode", b"\x81 " * (100 * 2**20 // 128) + b"\x80"),  # 100 MiB in runs of 128 spaces
    ],
    ids=["ascii85-flate", "hex-flate", "lzw", "run-length"],
)
def test_a_stream_of_other_filters_that_decodes_past_the_budget_is_refused(tmp_path, filters, data):
    assert len(data) < 3 * 2**20
    refused(
        tmp_path,
        inflating(0, filters=filters, data=data),
        f"a compressed stream inflates to more than {MAX_STREAM_BYTES // 2**20} MiB, the limit",
    )


def test_a_page_tree_that_lies_about_its_count_is_a_clear_error(tmp_path):
    data = pdf([FONT, stream(text()), page(4)], [5], count=5)
    refused(tmp_path, data, "damaged PDF: page 2 cannot be loaded")


def test_a_page_tree_that_loops_is_a_clear_error(tmp_path):
    looping = b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 3 >>"
    data = pdf([FONT, stream(text()), page(4), looping], [5, 6], count=4)
    result, took, _ = run_capped(tmp_path, data)
    assert result.returncode == 1 and "rapport.pdf: " in result.stderr and took < 5, result.stderr


def rules_pages(pages: int, rules: int, spacing: float) -> bytes:
    """Pages of text under ``rules`` short horizontal rules at the left margin, ``spacing`` apart."""
    drawn = b"".join(b"72 %.2f 100 0.5 re f\n" % (780 - n * spacing) for n in range(rules))
    return pages_sharing(drawn + text(10, top=60, size=4), pages)


@pytest.mark.parametrize("spacing", [0.15, 3.0], ids=["touching", "apart"])
def test_40_pages_of_4600_short_rules_are_read_in_bounded_time(tmp_path, spacing):
    result, took, peak = run_capped(tmp_path, rules_pages(40, 4_600, spacing))
    assert result.returncode == 1, result.stderr  # not a report, but read to the end
    assert "rapport.pdf: " in result.stderr and took < 10 and peak < 500, (took, peak, result.stderr)


def test_the_separator_among_thousands_of_rules_is_found_from_its_neighbours_only():
    rules = [Rule(72, 700 - n * 0.05, 172, 700.5 - n * 0.05) for n in range(10_000)]  # touching: none alone
    rules.append(Rule(72, 100, 172, 100.5))  # alone: the separator
    lines = [Line(fragments([Glyph("a", 72 + i, 73 + i, 50, 10, False) for i in range(300)]))]
    metrics = type("Metrics", (), {"tolerances": Tolerances(), "left": 72, "right": 540, "body_size": 10.0})()
    start = time.monotonic()
    assert footnote_separator(lines, rules, metrics) == 100
    assert time.monotonic() - start < 0.5  # a scan of every pair took 8 s


def test_40000_links_over_40000_glyphs_are_marked_in_well_under_a_second():
    glyphs = [Glyph("a", (n % 400) * 1.2, (n % 400) * 1.2 + 1, (n // 400) * 7.0, 6, False) for n in range(40_000)]
    areas = [((g.left, g.bottom, g.right, g.bottom + 6), f"https://www.wipo.int/{n}") for n, g in enumerate(glyphs)]
    start = time.monotonic()
    _mark_links(glyphs, areas)
    assert time.monotonic() - start < 1  # a scan of every pair took 48 s
    assert [g.link for g in glyphs[:3]] == [a[1] for a in areas[:3]] and glyphs[-1].link == areas[-1][1]


def test_the_first_link_over_a_glyph_is_the_one_it_gets():
    glyphs = [Glyph("a", 10, 12, 100, 6, False), Glyph("b", 50, 52, 100, 6, False)]
    _mark_links(glyphs, [((0, 90, 20, 110), "first"), ((0, 0, 100, 200), "second")])
    assert [g.link for g in glyphs] == ["first", "second"]


def test_a_damaged_page_read_in_process_is_a_report_error():
    with pytest.raises(ReportError, match="damaged PDF: page 2 cannot be loaded"):
        read_pages(pdf([FONT, stream(text()), page(4)], [5], count=3), "lying.pdf")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=12)), min_size=1, max_size=6))
def test_the_count_of_forms_from_damaged_bytes_ends_in_a_count_or_a_clean_error(cuts):
    data = nested_forms(4, 4, 10) + nested_forms(3, 3, 5, inherit=True)
    for where, junk in cuts:
        at = int(where * len(data))
        data = data[:at] + junk + data[at + len(junk) // 2 :]
    start = time.monotonic()
    try:
        check_forms(data, "fuzzed.pdf")
    except ReportError as error:
        assert error.problem.startswith("refused: ")
    assert time.monotonic() - start < 1


def test_forms_drawn_by_a_page_that_inherits_its_resources_are_refused_before_pdfium_loads_it(tmp_path):
    # a million forms: pdfium's load of the page aborted out of memory before the count of its objects
    refused(tmp_path, nested_forms(10, 6, 10, inherit=True), f"a page {FORMS_PROBLEM}")


def test_a_page_takes_the_resources_of_the_nearest_node_above_it_that_has_them():
    form = b"<< /Subtype /Form >>\nstream\nendstream"
    objects = {4: form, 5: b"<< /Type /Pages /Parent 6 0 R /Kids [7 0 R] >>"}
    objects[6] = b"<< /Type /Pages /Kids [5 0 R] /Resources << /XObject << /X 4 0 R >> >> >>"
    objects[7] = b"<< /Type /Page /Parent 5 0 R /Contents 8 0 R >>"
    objects[8] = b"<< >>\nstream\n/X Do /X Do /X Do\nendstream"
    assert Forms(objects).drawn(objects[7], 0) == 3
    objects[6] = objects[6].replace(b"/Kids", b"/Parent 5 0 R /Kids")  # a tree that loops: no resources
    objects[5] = objects[5].replace(b"/Parent 6 0 R", b"/Parent 6 0 R")
    objects[6] = objects[6].replace(b"/Resources << /XObject << /X 4 0 R >> >>", b"")
    assert Forms(objects).drawn(objects[7], 0) == 0


def stream_by_reference(filters: bytes, data: bytes, referred: bytes, length: bytes = b"") -> bytes:
    """A page drawing a stream of ``data`` through ``filters``, where object 6 is ``referred`` (a
    filter's name, an array of them, or the stream's ``length``, which the stream gives as ``6 0 R``)."""
    head = b"<< /Length %s /Filter %s >>" % (length or b"%d" % len(data), filters)
    return pdf([FONT, b"%s\nstream\n%s\nendstream" % (head, data), page(4), referred], [5])


LZW_GIGABYTE = lzw(GIGABYTE_OF_A)
STREAM_PROBLEM = f"a compressed stream inflates to more than {MAX_STREAM_BYTES // 2**20} MiB, the limit"


@pytest.mark.parametrize(
    "filters, data, referred",
    [
        (b"6 0 R", LZW_GIGABYTE, b"/LZWDecode"),
        (b"6 0 R", binascii.hexlify(deflated_spaces(1024)) + b">", b"[/AHx /Fl]"),
        (b"[/A85 6 0 R]", base64.a85encode(deflated_spaces(1024)) + b"~>", b"/FlateDecode"),
    ],
    ids=["name", "array", "in-an-array"],
)
def test_a_filter_given_by_reference_is_followed_by_the_budget(tmp_path, filters, data, referred):
    refused(tmp_path, stream_by_reference(filters, data, referred), STREAM_PROBLEM)


def with_endstream(codes: list[int], at: int = 5000) -> list[int]:
    """LZW ``codes`` with 12-bit codes inserted at ``at`` (the table full: any code is one it has)
    whose bits, from the next byte boundary on, are the bytes ``endstream``."""
    size, first, used = 258, True, 0
    for code in codes[:at]:  # the bits the codes before take, as ``lzw`` packs them
        used += min(12, (size + 1).bit_length())
        size, first = (258, True) if code == 256 else (size + (not first and size < 4096), False)
    bits = "0" * (-used % 8) + "".join(f"{byte:08b}" for byte in b"endstream")
    bits += "0" * (-len(bits) % 12)
    inserted = [int(bits[n : n + 12], 2) for n in range(0, len(bits), 12)]
    assert not {256, 257} & set(inserted)
    return codes[:at] + inserted + codes[at:]


@pytest.mark.parametrize(
    "filters, data",
    [
        (b"/RunLengthDecode", b"endstream" + b"." * 94 + b"\x81 " * (100 * 2**20 // 128) + b"\x80"),
        (b"/LZWDecode", lzw(with_endstream(GIGABYTE_OF_A))),
    ],
    ids=["run-length", "lzw"],
)
def test_a_stream_holding_endstream_is_measured_by_its_length_given_by_reference(tmp_path, filters, data):
    assert b"endstream" in data[:20] if filters == b"/RunLengthDecode" else b"endstream" in data
    refused(tmp_path, stream_by_reference(filters, data, b"%d" % len(data), length=b"6 0 R"), STREAM_PROBLEM)


def test_the_glyph_total_is_refused_before_any_glyph_is_read(monkeypatch):
    data = pages_sharing(b"BT /F1 1 Tf 0 0 Td (" + b"a" * (MAX_GLYPHS_PER_PAGE - 500) + b") Tj ET", MAX_PAGES - 1)
    monkeypatch.setattr(glyphs, "_glyphs", lambda *args: pytest.fail("a glyph was read"))
    with pytest.raises(ReportError, match=f"more than the {MAX_GLYPHS:,} glyphs a report can have .at page 26"):
        read_pages(data, "glyphs.pdf")


def test_pages_of_objects_within_the_page_budget_are_refused_past_the_total(tmp_path):
    # rectangles, each an object, counted before the paths are read: 2,000 pages of 99,999 took minutes
    objects = b"0 0 1 1 re f\n" * (MAX_OBJECTS_PER_PAGE - 1)
    pages = MAX_OBJECTS // (MAX_OBJECTS_PER_PAGE - 1) + 1
    refused(tmp_path, pages_sharing(objects, pages), f"more than the {MAX_OBJECTS:,} objects a report can have")


@pytest.mark.parametrize("per_page, pages", [(MAX_IMAGES_PER_PAGE + 1, 1), (MAX_IMAGES_PER_PAGE - 1, MAX_PAGES - 1)])
def test_pages_of_tiny_images_are_refused_past_the_image_budget(tmp_path, per_page, pages):
    # inline images of one pixel: the costliest objects for pdfium to parse (100,000 on a page: 0.3 s)
    images = b"q 1 0 0 1 72 72 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q\n" * per_page
    problem = "images a page can have" if pages == 1 else f"more than the {MAX_IMAGES:,} images a report can have"
    refused(tmp_path, pages_sharing(images, pages), problem)


@pytest.mark.parametrize(
    "content",
    [b"1 w\n" * 2_500_000, b"0 0 m\n" + b"1 1 l\n" * 1_700_000 + b"S\n"],
    ids=["settings", "one-long-path"],
)
def test_pages_sharing_a_stream_of_no_glyph_are_refused_past_the_content_budget(tmp_path, content):
    # 10 MB of content parsed again for each of 1,999 pages: 150 s, and no object counted
    refused(tmp_path, pages_sharing(content, MAX_PAGES - 1), CONTENT_PROBLEM)


def test_a_form_drawn_many_times_is_counted_in_the_content_budget(tmp_path):
    drawn = b"1 w\n" * 2_500_000
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Length %d >>\nstream\n%s\nendstream"
    drawing = b"q /X Do Q\n" * (MAX_FORMS_PER_PAGE - 1)
    objects = [FONT, form % (len(drawn), drawn), stream(drawing)]
    objects.append(b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>")
    refused(tmp_path, pdf(objects, [6]), CONTENT_PROBLEM)


def test_a_page_naming_more_fonts_than_a_report_has_is_refused_before_pdfium_loads_them(tmp_path):
    # 19,000 fonts of one page, each drawing one letter: 6.6 s for pdfium to load; some escaped
    fonts = MAX_FONTS + 1
    subtype = [b"/Subtype /Type1", b"/Subtype /Typ#651", b"/Subtype /TrueType"]
    objects = [FONT, *(b"<< /Type /Font %s /BaseFont /Helvetica >>" % subtype[n % 3] for n in range(fonts))]
    shown = b"BT 72 700 Td " + b"".join(b"/F%d 8 Tf (a) Tj " % n for n in range(fonts)) + b"ET"
    names = b" ".join(b"/F%d %d 0 R" % (n, 4 + n) for n in range(fonts))
    objects += [stream(shown), b"<< /Type /Page /Parent 2 0 R /Resources << /Font << %s >> >> /Contents %d 0 R >>"]
    objects[-1] %= (names, 4 + fonts)
    refused(
        tmp_path, pdf(objects, [5 + fonts]), f"{fonts + 1:,} fonts is more than the {MAX_FONTS:,} a report can have"
    )
