def score_export_build():
    """Built by the read-API work (issue 4)."""
    raise NotImplementedError
