"""detect_abuse and make_scenario: no database, clear errors, deterministic output, and the
generated scenarios meet the precision and recall targets."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reviews.abuse import Thresholds, run_all
from reviews.abuse.evaluation import evaluate
from reviews.abuse.scenario_file import ScenarioError, read_scenario, write_scenario
from reviews.abuse.scenario_generator import generate_scenario

ROOT = Path(__file__).resolve().parents[2]

# No test here uses the `db` fixture: pytest-django fails any that touches the database.

REVIEW = {
    "review_id": "r1",
    "author": "w1",
    "author_joined_at": "2025-01-01T00:00:00Z",
    "network": "n1",
    "platform": "mturk",
    "requester_id": "A1",
    "created_at": "2026-01-05T10:00:00Z",
    "text": "",
}
SPAM = (
    "Stop wasting time on low paying tasks, the best paying survey site is fastcashpanel dot "
    "com, sign up with my code and get a five dollar bonus today."
)


def write_lines(path, lines) -> str:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    return str(path)


def tiny_scenario(tmp_path) -> str:
    lines = [
        {
            "type": "representative",
            "platform": "mturk",
            "requester_id": "A9",
            "author": "rep",
            "networks": ["office"],
        }
    ]
    for i in range(3):
        lines.append(
            {
                **REVIEW,
                "review_id": f"spam{i}",
                "author": f"s{i}",
                # New accounts: copied text alone, from accounts with ordinary histories, never
                # holds (reviews/abuse/corroboration.py).
                "author_joined_at": "2026-01-03T00:00:00Z",
                "network": f"n{i}",
                "requester_id": f"A{i}",
                "text": SPAM,
                "label": "abusive",
                "created_at": f"2026-01-05T1{i}:00:00Z",
                "ratings": {"pay": 1, "fair": 1},
            }
        )
    lines.append(
        {
            **REVIEW,
            "review_id": "self",
            "author": "rep",
            "requester_id": "A9",
            "ratings": {"pay": 5, "fair": 5, "fast": 5, "comm": 5},
            "recommend": True,
            "label": "abusive",
        }
    )
    lines.append(
        {
            **REVIEW,
            "review_id": "ok1",
            "author": "w7",
            "network": "n7",
            "text": "Fine pay.",
            "label": "honest",
        }
    )
    lines.append(
        {
            **REVIEW,
            "review_id": "ok2",
            "author": "w8",
            "network": "n8",
            "requester_id": "A9",
            "label": "honest",
        }
    )
    for i in range(5):
        lines.append(
            {
                "type": "flag",
                "flag_id": f"f{i}",
                "flagger": "rep",
                "review_id": "ok2",
                "created_at": "2026-01-06T10:00:00Z",
                "label": "abusive",
            }
        )
    return write_lines(tmp_path / "tiny.jsonl", lines)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_detect_abuse_prints_each_signal_with_the_reviews_it_names(tmp_path):
    out, _ = run("detect_abuse", "--scenario", tiny_scenario(tmp_path))

    assert "HOLD 0.95 self_review: Account rep is an approved representative of mturk:A9" in out
    assert "reviews: self" in out
    assert "HOLD 0.77 near_duplicate: 3 reviews by 3 accounts have nearly the same text" in out
    assert "reviews: spam0, spam1, spam2" in out


def test_detect_abuse_scores_labelled_rows(tmp_path):
    out, _ = run("detect_abuse", "--scenario", tiny_scenario(tmp_path))

    assert "Labelled: 6 reviews (4 abusive, 2 honest)" in out
    assert "held (overall)" in out
    assert "honest reviews held: 0 of 2 (0.00%)" in out


def test_detect_abuse_json_is_machine_readable(tmp_path):
    out, _ = run("detect_abuse", "--scenario", tiny_scenario(tmp_path), "--json")

    document = json.loads(out)
    kinds = {s["kind"] for s in document["signals"]}
    assert {"self_review", "near_duplicate"} <= kinds
    self_review = next(s for s in document["signals"] if s["kind"] == "self_review")
    assert self_review["review_ids"] == ["self"]
    assert self_review["holds_reviews"] is True
    assert len(self_review["fingerprint"]) == 64
    assert document["evaluation"]["held"]["recall"] == 1.0
    assert document["evaluation"]["held"]["precision"] == 1.0


def test_detect_abuse_without_labels_prints_no_scores(tmp_path):
    path = write_lines(tmp_path / "s.jsonl", [REVIEW])

    out, _ = run("detect_abuse", "--scenario", path)

    assert out.startswith("0 signals")
    assert "precision" not in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object, got list"),
        (
            {**REVIEW, "review_id": "r2", "created_at": "yesterday"},
            "line 2: 'created_at' is not an ISO 8601 date and time: 'yesterday'",
        ),
        (
            {**REVIEW, "review_id": "r2", "created_at": "2026-01-05T10:00:00"},
            "line 2: 'created_at' has no time zone",
        ),
        ({k: v for k, v in REVIEW.items() if k != "author"}, "line 2: missing 'author'"),
        (
            {**REVIEW, "review_id": "r2", "ratings": {"pay": 7}},
            "line 2: rating 'pay' must be an integer from 1 to 5, not 7",
        ),
        (
            {**REVIEW, "review_id": "r2", "label": "spam"},
            "line 2: 'label' must be one of honest, abusive, not 'spam'",
        ),
        ({**REVIEW, "review_id": "r2", "ratting": 3}, "line 2: unknown field 'ratting'"),
        (REVIEW, "line 2: review_id 'r1' is already used on line 1"),
        (
            {
                "type": "flag",
                "flag_id": 1,
                "flagger": "x",
                "review_id": "nope",
                "created_at": "2026-01-05T10:00:00Z",
            },
            "line 2: flag names review_id 'nope', which is not in the file",
        ),
        ({"type": "vote"}, "line 2: unknown type 'vote'"),
    ],
)
def test_detect_abuse_names_the_line_and_the_problem_of_malformed_input(tmp_path, line, message):
    path = write_lines(tmp_path / "bad.jsonl", [REVIEW, line])

    with pytest.raises(CommandError) as error:
        run("detect_abuse", "--scenario", path)

    assert message in str(error.value)


def test_every_malformed_line_is_reported_at_once():
    with pytest.raises(ScenarioError) as error:
        read_scenario(["{", json.dumps(REVIEW), "", "42"])

    assert [e.split(":")[0] for e in error.value.errors] == ["line 1", "line 4"]


def test_detect_abuse_on_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="can't read .*missing.jsonl"):
        run("detect_abuse", "--scenario", str(tmp_path / "missing.jsonl"))


def test_make_scenario_is_deterministic_for_a_seed(tmp_path):
    run("make_scenario", "--seed", "7", "-o", str(tmp_path / "a.jsonl"))
    run("make_scenario", "--seed", "7", "-o", str(tmp_path / "b.jsonl"))
    run("make_scenario", "--seed", "8", "-o", str(tmp_path / "c.jsonl"))

    a = (tmp_path / "a.jsonl").read_text()
    assert a == (tmp_path / "b.jsonl").read_text()
    assert a != (tmp_path / "c.jsonl").read_text()


def test_make_scenario_labels_every_review_and_writes_what_detect_abuse_reads(tmp_path):
    path = tmp_path / "s.jsonl"
    out, _ = run("make_scenario", "--seed", "3", "-o", str(path))

    scenario = read_scenario(path.read_text().splitlines())

    assert out.startswith(f"Wrote {path.read_text().count(chr(10))} lines")
    assert all(r.label in ("honest", "abusive") for r in scenario.reviews)
    assert all(f.label in ("honest", "abusive") for f in scenario.flags)
    assert 20 < sum(r.label == "abusive" for r in scenario.reviews) < 200
    assert scenario.representatives
    assert len({r.requester for r in scenario.reviews}) > 50


def test_a_scenario_survives_writing_and_reading_back(tmp_path):
    scenario = generate_scenario(4, "small")
    path = tmp_path / "s.jsonl"
    with path.open("w") as out:
        write_scenario(scenario, out)

    again = read_scenario(path.read_text().splitlines())

    assert again.reviews == scenario.reviews
    assert again.flags == scenario.flags
    assert again.representatives == scenario.representatives


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_scenarios_meet_the_precision_recall_and_honest_hold_targets(seed):
    scenario = generate_scenario(seed, "small")
    thresholds = Thresholds()

    detections = run_all(
        scenario.reviews,
        scenario.flags,
        scenario.representatives,
        thresholds,
        account_networks=scenario.account_networks,
    )
    report = evaluate(scenario, detections, thresholds)

    assert report["held"]["recall"] >= 0.9
    assert report["held"]["precision"] >= 0.9
    assert report["held"]["honest_held_share"] <= 0.005
    # Queue entries naming no abuse: the load honest traffic puts on moderators.
    assert report["queue"]["false_alarms_per_1000_honest"] <= 2
    assert report["detectors"]["mass_flagging"]["recall"] >= 0.9
    assert report["detectors"]["mass_flagging"]["precision"] >= 0.9


def test_the_scenario_commands_run_with_no_settings_at_all(tmp_path):
    """No SECRET_KEY, no DEBUG, no DATABASE_URL: make_scenario then detect_abuse, as a new
    user would run them (other commands still refuse to start without a key)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
        and not key.startswith(("DJANGO_", "LANTERN_"))
    }
    scenario = tmp_path / "scenario.jsonl"

    def manage(*args):
        return subprocess.run(  # noqa: S603  our own command line
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    made = manage("make_scenario", "--seed", "3", "--size", "small", "-o", str(scenario))
    assert made.returncode == 0, made.stderr
    detected = manage("detect_abuse", "--scenario", str(scenario), "--json")
    assert detected.returncode == 0, detected.stderr
    report = json.loads(detected.stdout)
    assert report["signals"] and report["evaluation"]["abusive"] > 0
    refused = manage("check")
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
