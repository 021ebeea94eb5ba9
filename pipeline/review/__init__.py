"""What a person reviews: golden snapshots, differences between extractions and years, the
overview page.

May import ``pipeline.run`` (a check extracts every report), the store and the datasets; only
the command line and the library API import it.
"""
