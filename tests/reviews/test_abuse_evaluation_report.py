"""evaluate_abuse: figures per run with hand-worked numbers, pooling over seeds, and the
command over a small grid; make_scenario's choice of honest model and attacks."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reviews.abuse.evaluation_report import Run, markdown_table, meets_targets, pooled
from reviews.abuse.scenario_file import read_scenario

ROOT = Path(__file__).resolve().parents[2]


def run(seed, held, held_abusive, queue, abusive=20, honest=4000, attack="brigade"):
    return Run("everyday", attack, seed, honest, abusive, held, held_abusive, queue)


def test_a_run_gives_precision_recall_honest_held_and_queue_per_1000():
    r = run(1, held=25, held_abusive=18, queue=6)

    assert r.precision == pytest.approx(0.72)
    assert r.recall == pytest.approx(0.9)
    assert r.honest_held_pct == pytest.approx(0.175)  # 7 of 4,000
    assert r.queue_per_1000 == pytest.approx(1.5)
    assert not meets_targets(r)
    assert meets_targets(run(2, held=19, held_abusive=19, queue=8))
    assert not meets_targets(run(3, held=19, held_abusive=19, queue=9))  # 2.25 per 1,000


def test_honest_traffic_alone_meets_the_targets_only_when_nothing_is_held():
    assert meets_targets(run(1, held=0, held_abusive=0, queue=0, abusive=0, attack="none"))
    assert not meets_targets(run(1, held=1, held_abusive=0, queue=0, abusive=0, attack="none"))


def test_the_table_pools_seeds_and_shows_the_worst_one():
    runs = [run(1, 20, 20, 2), run(2, 30, 15, 10)]

    total = pooled(runs)
    table = markdown_table(runs)

    assert (total.held, total.held_abusive, total.abusive) == (50, 35, 40)
    assert "| everyday | brigade | 1,2 | 40 | 0.70 (0.50) | 0.88 (0.75) | 0.19 (0.38) " in table
    assert "| 1.50 (2.50) | 1 of 2 |" in table


def test_evaluate_abuse_runs_detect_abuse_over_the_grid():
    out, err = StringIO(), StringIO()

    call_command(
        "evaluate_abuse",
        "--seeds",
        "1",
        "--attacks",
        "none,sock_puppet_ring",
        stdout=out,
        stderr=err,
    )

    rows = [line for line in out.getvalue().splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + 4  # header, rule, 2 models × 2 attacks
    assert "| templates | sock_puppet_ring | 1 |" in out.getvalue()
    assert "[4/4] everyday sock_puppet_ring seed 1: precision" in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--attacks", "brigades"], "unknown attack brigades"),
        (["--models", "mine"], "unknown honest model mine"),
        (["--seeds", "one"], "--seeds takes numbers"),
    ],
)
def test_evaluate_abuse_refuses_bad_arguments_clearly(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_abuse", *args, stdout=StringIO(), stderr=StringIO())


def test_evaluate_abuse_runs_with_no_settings_at_all():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
        and not key.startswith(("DJANGO_", "LANTERN_"))
    }

    done = subprocess.run(  # noqa: S603  our own command line
        [sys.executable, "manage.py", "evaluate_abuse", "--seeds", "2", "--models", "everyday",
         "--attacks", "none"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "| everyday | none | 2 | 0 |" in done.stdout


def test_make_scenario_writes_the_chosen_model_and_attacks(tmp_path):
    path = tmp_path / "s.jsonl"

    call_command(
        "make_scenario", "--model", "everyday", "--attacks", "brigade", "--seed", "4",
        "-o", str(path), stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip

    scenario = read_scenario(path.read_text().splitlines())
    abusive = [r for r in scenario.reviews if r.label == "abusive"]
    assert 15 <= len(abusive) <= 30
    assert len({r.requester for r in abusive}) == 1
    with pytest.raises(CommandError, match="unknown attacks brigades"):
        call_command("make_scenario", "--attacks", "brigades", "-o", str(path), stderr=StringIO())
