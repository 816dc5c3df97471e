def requester_score_recompute(*, requester_id: int) -> None:
    """Placeholder until the scoring engine lands (issue 3)."""
