"""Tail probabilities the detectors use to tell rare from ordinary."""

from __future__ import annotations

import math
from functools import lru_cache


@lru_cache(maxsize=4096)
def poisson_tail(count: int, expected: float) -> float:
    """P(X ≥ count) for X ~ Poisson(expected), summed in log space (no underflow)."""
    if count <= 0:
        return 1.0
    log_terms = []
    k = count
    while True:
        log_term = -expected + k * math.log(expected) - math.lgamma(k + 1)
        log_terms.append(log_term)
        # Past the mode the terms shrink geometrically; stop once they no longer matter.
        if k > expected and log_term < log_terms[0] - 40:
            break
        k += 1
    top = max(log_terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in log_terms))


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    for i in range(k, n + 1):
        total += math.exp(
            math.lgamma(n + 1)
            - math.lgamma(i + 1)
            - math.lgamma(n - i + 1)
            + i * log_p
            + (n - i) * log_q
        )
    return min(1.0, total)


def shrunk_share(count: int, total: int, toward: float, prior: int) -> float:
    """``count / total`` shrunk towards ``toward`` with the weight of ``prior`` more, so a
    handful of accounts cannot make a share of 0 or 1: (count + prior·toward) / (total + prior)."""
    return (count + prior * toward) / (total + prior)
