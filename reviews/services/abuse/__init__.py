"""The abuse-detection flow: run the detectors after each write and in a periodic sweep, turn
what they find into AbuseSignals, hold the reviews of strong ones, and let moderators decide.
A package by area:

- ``checks``: ``abuse_check`` (after each new review or flag) and ``abuse_sweep`` (beat) run
  every detector over the recent history of the requesters concerned.
- ``recording``: ``detections_record`` turns each detection into one deduplicated AbuseSignal
  and holds the published reviews of signals at least as strong as the hold threshold.
- ``decisions``: moderators clear a signal (its held reviews return) or confirm it (they are
  hidden; the accounts may be suspended).

Detection never deletes anything and never acts on an account: only moderators do.
"""

from reviews.services.abuse.checks import CHECK_MAX_REQUESTERS, abuse_check, abuse_sweep
from reviews.services.abuse.decisions import ensure_can_decide, signal_clear, signal_confirm
from reviews.services.abuse.recording import Recorded, detections_record

__all__ = [
    "CHECK_MAX_REQUESTERS",
    "Recorded",
    "abuse_check",
    "abuse_sweep",
    "detections_record",
    "ensure_can_decide",
    "signal_clear",
    "signal_confirm",
]
