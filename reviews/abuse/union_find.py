"""Disjoint sets over 0..n-1: which items end up linked, for grouping pairwise findings."""

from __future__ import annotations

from collections.abc import Iterable


def components(size: int, links: Iterable[tuple[int, int]]) -> list[int]:
    """Each item's group root: the smallest index it is linked to, directly or not."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(size)]
