"""The contract: every dataset and column described once (``schema``), the rows made into tables
of its Arrow types (``tables``, on ``arrow``), the checks they must pass (``validate``) and the data
dictionary and README table generated from them (``dictionary``).

Imports nothing from the rest of ``pipeline`` but ``pipeline.errors``.
"""
