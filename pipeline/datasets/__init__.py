"""The contract: every dataset and column described once (``schema``), the checks its rows
must pass (``validate``), their Arrow types (``arrow``) and the data dictionary generated from
them (``dictionary``).

Imports nothing from the rest of ``pipeline`` but ``pipeline.errors``.
"""
