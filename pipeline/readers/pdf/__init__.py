"""The PDF reader, in steps whose results can be inspected: glyphs, lines, page furniture,
notes, tables, paragraphs.
"""
