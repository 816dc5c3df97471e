"""The pure abuse detectors on small hand-built rows: each fires on its attack and stays
quiet on the honest look-alike."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from reviews.abuse import Thresholds, held_review_ids, run_all
from reviews.abuse.bursts import detect_bursts, detect_new_account_bursts
from reviews.abuse.consensus import detect_consensus_outliers
from reviews.abuse.detection import MASS_FLAGGING, Detection
from reviews.abuse.mass_flagging import detect_mass_flagging
from reviews.abuse.near_duplicates import detect_near_duplicates
from reviews.abuse.rows import FlagRow, ReviewRow
from reviews.abuse.self_review import detect_self_reviews
from reviews.abuse.shared_network import detect_shared_networks
from reviews.abuse.stats import binomial_tail, poisson_tail

# --- hand-built rows -----------------------------------------------------------------------

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
_counter = iter(range(1, 10**9))


def review(
    *,
    author: str,
    at: datetime,
    requester: str = "R1",
    platform: str = "mturk",
    joined: datetime | None = None,
    network: str | None = None,
    text: str = "",
    rating: int | None = None,
    recommend: bool | None = None,
    label: str | None = None,
    review_id: str | None = None,
) -> ReviewRow:
    return ReviewRow(
        review_id=review_id or f"r{next(_counter)}",
        author=author,
        author_joined_at=joined or at - timedelta(days=400),
        network=network if network is not None else f"home-{author}",
        platform=platform,
        requester_id=requester,
        created_at=at,
        text=text,
        ratings=None if rating is None else dict.fromkeys(("pay", "fair", "fast", "comm"), rating),
        recommend=recommend,
        label=label,
    )


def steady(
    requester: str, per_day: int, days: int, end: datetime = NOW, rating: int | None = 4
) -> list[ReviewRow]:
    """Honest reviews at a steady rate from established accounts, up to ``end``."""
    rows = []
    step = timedelta(days=1) / per_day
    moment = end - timedelta(days=days)
    i = 0
    while moment < end:
        rows.append(
            review(
                author=f"{requester}-regular{i % 97}", at=moment, requester=requester, rating=rating
            )
        )
        moment += step
        i += 1
    return rows


def flag(
    *,
    flagger: str,
    review_id: str,
    at: datetime,
    representative: bool = False,
    requester: str = "R1",
) -> FlagRow:
    return FlagRow(
        flag_id=f"f{next(_counter)}",
        flagger=flagger,
        review_id=review_id,
        platform="mturk",
        requester_id=requester,
        created_at=at,
        flagger_is_representative=representative,
    )


T = Thresholds()
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def brigade(count: int, *, new: int, start=NOW, requester: str = "R1", rating: int = 1):
    rows = []
    for i in range(count):
        at = start + i * (3 * HOUR / count)
        joined = at - 2 * DAY if i < new else at - 300 * DAY
        rows.append(
            review(
                author=f"b{i}",
                at=at,
                joined=joined,
                requester=requester,
                rating=rating,
                label="abusive",
            )
        )
    return rows


# --- burst ------------------------------------------------------------------------------


def test_twenty_reviews_in_three_hours_on_a_quiet_requester_are_a_burst():
    rows = steady("R1", per_day=1, days=30) + brigade(20, new=0)

    [detection] = detect_bursts(rows, T)

    assert detection.kind == "burst"
    assert {r.review_id for r in rows[-20:]} <= set(detection.review_ids)
    assert "reviews of mturk:R1 in 3 hours" in detection.evidence
    assert "about 1.0 a day over the previous 30 days" in detection.evidence


def test_a_popular_requesters_steady_high_volume_is_not_a_burst():
    rows = steady("R1", per_day=60, days=40)

    assert detect_bursts(rows, T) == []


def test_a_burst_alone_never_holds_reviews():
    rows = steady("R1", per_day=1, days=30) + brigade(60, new=0, rating=4)

    [detection] = detect_bursts(rows, T)

    assert detection.strength < T.hold_threshold
    assert not detection.holds(T)


def test_a_requesters_first_handful_of_reviews_is_not_a_burst():
    rows = steady("R2", per_day=2, days=30) + brigade(5, new=0, requester="R1")

    assert detect_bursts(rows, T) == []


# --- new-account burst --------------------------------------------------------------------


def test_a_burst_mostly_from_week_old_accounts_holds_them_and_their_older_allies():
    honest = steady("R1", per_day=1, days=30, rating=4)
    attack = brigade(12, new=8, rating=1)

    [detection] = detect_new_account_bursts(honest + attack, T)

    assert set(detection.review_ids) == {r.review_id for r in attack}
    assert detection.holds(T)
    assert detection.evidence.startswith(
        "8 of 12 reviews of mturk:R1 in 3 hours came from accounts less than 7 days old"
    )
    assert "4 more from older accounts rated it 1.0 like them, against its usual 4.0" in (
        detection.evidence
    )


def test_a_burst_from_established_accounts_is_not_a_new_account_burst():
    rows = steady("R1", per_day=1, days=30) + brigade(12, new=1)

    assert detect_new_account_bursts(rows, T) == []


def test_honest_older_reviewers_in_a_new_account_burst_are_not_named():
    honest = steady("R1", per_day=1, days=30, rating=4)
    attack = brigade(10, new=10, rating=5)
    bystander = review(author="regular", at=NOW + HOUR, rating=4)

    [detection] = detect_new_account_bursts(honest + attack + [bystander], T)

    assert bystander.review_id not in detection.review_ids


# --- shared network -------------------------------------------------------------------------


def test_new_accounts_on_one_network_reviewing_one_requester_are_held():
    background = [
        review(author=f"w{i}", at=NOW - i * HOUR, requester=f"R{i % 40 + 2}") for i in range(200)
    ]
    ring = [
        review(author=f"p{i}", at=NOW + i * HOUR, network="ring", joined=NOW - 3 * DAY, rating=5)
        for i in range(5)
    ]

    [detection] = detect_shared_networks(background + ring, T)

    assert set(detection.review_ids) == {r.review_id for r in ring}
    assert detection.holds(T)
    assert detection.evidence.startswith(
        "5 accounts writing from the same network reviewed mturk:R1 within 4 hours (5 reviews), "
        "5 of them less than a week old."
    )


def test_a_mobile_carriers_shared_addresses_on_a_popular_requester_are_not_suspicious():
    # 40 accounts share the carrier network; the popular requester is reviewed by half of
    # everyone, so 12 of the carrier's accounts reviewing it is what one would expect.
    rows = []
    for i in range(200):
        network = "carrier" if i < 40 else None
        rows.append(
            review(author=f"w{i}", at=NOW - i * HOUR, requester=f"R{i % 30 + 2}", network=network)
        )
        if i % 2 == 0 and (i < 40 and i % 6 == 0 or i >= 40):
            rows.append(
                review(
                    author=f"w{i}", at=NOW - i * 0.05 * HOUR, requester="POPULAR", network=network
                )
            )

    assert [d for d in detect_shared_networks(rows, T) if "POPULAR" in d.evidence] == []


def test_accounts_on_one_network_months_apart_are_not_a_ring():
    background = [review(author=f"w{i}", at=NOW - i * HOUR, requester="R9") for i in range(50)]
    spread = [review(author=f"h{i}", at=NOW - i * 30 * DAY, network="house") for i in range(4)]

    assert detect_shared_networks(background + spread, T) == []


# --- near-duplicate text ------------------------------------------------------------------

SPAM = (
    "Stop wasting time on low paying tasks, the best paying survey site is fastcashpanel dot "
    "com, sign up with my code and get a five dollar bonus today."
)


def test_the_same_long_text_from_three_new_accounts_within_hours_is_held():
    rows = [
        review(
            author=f"s{i}",
            at=NOW + i * HOUR,
            requester=f"R{i}",
            joined=NOW - 2 * DAY,
            text=SPAM + suffix,
        )
        for i, suffix in enumerate(["", " Thanks.", "!!"])
    ]

    [detection] = detect_near_duplicates(rows, T)

    assert set(detection.review_ids) == {r.review_id for r in rows}
    assert detection.holds(T)
    assert detection.details["corroborated_by"] == ["new_accounts", "concentrated"]
    assert detection.evidence.startswith("3 reviews by 3 accounts have nearly the same text")
    assert "across 3 requesters within 2 hours" in detection.evidence


def test_the_same_text_from_three_accounts_with_ordinary_histories_is_only_a_hint():
    rows = [
        review(author=f"w{i}", at=NOW + i * DAY, requester=f"R{i}", text=SPAM) for i in range(3)
    ]
    for i in range(3):
        rows += [
            review(author=f"w{i}", at=NOW - k * DAY, requester=f"Q{i}{k}", text="Fine.")
            for k in range(1, 4)
        ]

    [detection] = detect_near_duplicates(rows, T)

    assert detection.details["corroborated_by"] == []
    assert not detection.holds(T)
    assert "a hint only" in detection.evidence


def test_a_light_paraphrase_of_a_rare_text_is_still_a_copy():
    paraphrase = (
        "Quit wasting time on low paying tasks, the top paying survey site is fastcashpanel "
        "dot com, sign up using my code and get a five dollar bonus now."
    )
    rows = [
        review(author="s1", at=NOW, requester="R1", joined=NOW - DAY, text=SPAM),
        review(author="s2", at=NOW + HOUR, requester="R1", joined=NOW - DAY, text=paraphrase),
        review(author="s3", at=NOW + 2 * HOUR, requester="R1", joined=NOW - DAY, text=paraphrase),
    ]

    [detection] = detect_near_duplicates(rows, T)

    assert set(detection.review_ids) == {r.review_id for r in rows}
    assert detection.holds(T)


def test_a_pair_of_new_accounts_sharing_a_text_on_one_requester_is_a_hint():
    # New and concentrated are two factors, enough for three accounts; a pair needs a third.
    rows = [
        review(author="s1", at=NOW, requester="R1", joined=NOW - DAY, text=SPAM),
        review(author="s2", at=NOW + HOUR, requester="R1", joined=NOW - DAY, text=SPAM),
    ]

    [detection] = detect_near_duplicates(rows, T)

    assert detection.details["corroborated_by"] == ["new_accounts", "concentrated"]
    assert not detection.holds(T)


def test_two_honest_reviews_sharing_a_common_phrase_are_not_duplicates():
    a = (
        "Did their survey about sleep quality. Paid $1.20 for about 9 minutes of work. "
        "Approved in 3 days. Would happily do more of their surveys."
    )
    b = (
        "Took the commuting study this morning. Paid $0.80 for about 12 minutes of work. "
        "Still pending after 6 days. Would happily do more of their surveys."
    )
    rows = [review(author="x", at=NOW, text=a), review(author="y", at=NOW, text=b)]

    assert detect_near_duplicates(rows, T) == []


def test_short_texts_are_left_out_of_duplicate_detection():
    rows = [review(author=f"w{i}", at=NOW, text="Great requester, fast pay!") for i in range(5)]

    assert detect_near_duplicates(rows, T) == []


def test_one_account_repeating_itself_is_not_a_cross_account_duplicate():
    rows = [
        review(author="same", at=NOW + i * HOUR, requester=f"R{i}", text=SPAM) for i in range(3)
    ]

    assert detect_near_duplicates(rows, T) == []


# --- consensus outlier ----------------------------------------------------------------------


def test_an_account_praising_requesters_everyone_else_pans_is_an_outlier():
    rows = []
    for r in range(5):
        rows += [review(author=f"w{r}{i}", at=NOW, requester=f"R{r}", rating=1) for i in range(4)]
        rows.append(review(author="shill", at=NOW + HOUR, requester=f"R{r}", rating=5))

    [detection] = detect_consensus_outliers(rows, T)

    assert detection.accounts == ("shill",)
    assert len(detection.review_ids) == 5
    assert detection.holds(T)
    assert detection.evidence == (
        "5 of the 5 reviews by account shill that can be compared rate the requester at least "
        "2 points above what other reviewers say (on average 4.0 points away)."
    )


def test_a_prolific_worker_with_a_few_bad_experiences_is_not_an_outlier():
    rows = []
    for r in range(20):
        rows += [review(author=f"w{r}{i}", at=NOW, requester=f"R{r}", rating=4) for i in range(4)]
        rows.append(review(author="veteran", at=NOW, requester=f"R{r}", rating=1 if r < 4 else 4))

    assert detect_consensus_outliers(rows, T) == []


# --- self-review ------------------------------------------------------------------------------


def test_a_representative_reviewing_its_own_requester_is_held():
    rows = [review(author="rep", at=NOW, rating=5), review(author="rep", at=NOW, requester="R2")]

    [detection] = detect_self_reviews(rows, {("mturk", "R1"): {"rep"}}, T)

    assert detection.review_ids == (rows[0].review_id,)
    assert detection.holds(T)
    assert detection.evidence == (
        "Account rep is an approved representative of mturk:R1 and wrote 1 review of it."
    )


def test_an_account_on_a_representatives_office_network_is_held():
    alt = review(author="alt", at=NOW, network="office", rating=5)

    [detection] = detect_self_reviews(
        [alt], {("mturk", "R1"): {"rep"}}, T, account_networks={"rep": {"office"}}
    )

    assert detection.accounts == ("alt", "rep")
    assert "shares a network with mturk:R1's representative rep" in detection.evidence


def test_sharing_a_busy_public_network_with_a_representative_proves_nothing():
    rows = [review(author=f"w{i}", at=NOW, network="cafe", requester="R9") for i in range(12)]
    rows.append(review(author="visitor", at=NOW, network="cafe"))

    found = detect_self_reviews(
        rows, {("mturk", "R1"): {"rep"}}, T, account_networks={"rep": {"cafe"}}
    )

    assert found == []


# --- mass flagging ----------------------------------------------------------------------------


def test_one_account_flagging_six_reviews_of_one_requester_in_an_hour_is_reported():
    flags = [
        flag(flagger="x", review_id=f"r{i}", at=NOW + i * 10 * 60 * timedelta(seconds=1))
        for i in range(6)
    ]

    [detection] = detect_mass_flagging(flags, T)

    assert detection.kind == MASS_FLAGGING
    assert detection.accounts == ("x",)
    assert len(detection.flag_ids) == 6
    assert not detection.holds(T), "the flagged reviews are the victims"
    assert detection.evidence == "Account x flagged 6 reviews of mturk:R1 in 50 minutes."


def test_representatives_flagging_together_are_reported_as_one():
    flags = [
        flag(flagger=f"rep{i % 2}", review_id=f"r{i}", at=NOW + i * HOUR, representative=True)
        for i in range(6)
    ]

    [detection] = detect_mass_flagging(flags, T)

    assert detection.accounts == ("rep0", "rep1")
    assert detection.evidence.startswith("2 of mturk:R1's representatives flagged 6 reviews")


def test_flags_spread_over_days_are_not_mass_flagging():
    flags = [flag(flagger="x", review_id=f"r{i}", at=NOW + i * DAY) for i in range(8)]

    assert detect_mass_flagging(flags, T) == []


def test_reporting_a_wave_of_held_spam_is_not_mass_flagging():
    flags = [
        flag(flagger="x", review_id=f"r{i}", at=NOW + i * 60 * timedelta(seconds=1))
        for i in range(6)
    ]

    assert detect_mass_flagging(flags, T, held_review_ids={f"r{i}" for i in range(6)}) == []


# --- all together -----------------------------------------------------------------------------


def scenario_rows():
    honest = steady("R1", per_day=2, days=30) + steady("R2", per_day=3, days=30)
    attack = brigade(15, new=12, rating=1)
    spam = [
        review(author=f"s{i}", at=NOW + i * HOUR, requester="R2", joined=NOW - 2 * DAY, text=SPAM)
        for i in range(3)
    ]
    return honest + attack + spam


def test_run_all_holds_the_attacks_and_none_of_the_honest_reviews():
    rows = scenario_rows()

    detections = run_all(rows, [], {}, T)

    held = held_review_ids(detections, T)
    attack_ids = {r.review_id for r in rows if r.author.startswith(("b", "s"))}
    assert held == attack_ids
    assert [d.strength for d in detections] == sorted(
        (d.strength for d in detections), reverse=True
    )


def test_run_all_gives_the_same_detections_whatever_the_row_order():
    rows = scenario_rows()

    first = run_all(rows, [], {}, T)
    second = run_all(list(reversed(rows)), [], {}, T)

    assert [d.as_dict() for d in first] == [d.as_dict() for d in second]


def test_run_all_with_a_window_keeps_only_detections_touching_it():
    rows = scenario_rows()

    later = run_all(rows, [], {}, T, since=NOW + 2 * DAY)
    during = run_all(rows, [], {}, T, since=NOW, until=NOW + DAY)

    assert later == []
    assert {d.kind for d in during} >= {"burst", "new_account_burst", "near_duplicate"}


def test_thresholds_come_from_settings_with_defaults(settings):
    settings.ABUSE_HOLD_THRESHOLD = 0.9
    settings.ABUSE_BURST_MIN_REVIEWS = "8"

    thresholds = Thresholds.from_settings(near_duplicate_min_similarity=0.9)

    assert thresholds.hold_threshold == 0.9
    assert thresholds.burst_min_reviews == 8
    assert thresholds.near_duplicate_min_similarity == 0.9
    assert thresholds.new_account_days == 7.0


def test_a_stricter_hold_threshold_holds_less():
    rows = scenario_rows()
    strict = replace(T, hold_threshold=0.99)

    assert held_review_ids(run_all(rows, [], {}, strict), strict) == set()


def test_a_detection_fingerprint_depends_on_what_was_found_not_on_its_order():
    a = Detection("burst", 0.5, ("r2", "r1"), ("x",), "e")
    b = Detection("burst", 0.9, ("r1", "r2"), ("y",), "other words")

    assert a.fingerprint == b.fingerprint
    assert len(a.fingerprint) == 64
    assert a.fingerprint != Detection("shared_network", 0.5, ("r1", "r2"), (), "e").fingerprint


def test_tail_probabilities_match_known_values():
    assert abs(poisson_tail(3, 1.0) - 0.0803) < 1e-3
    assert poisson_tail(0, 5.0) == 1.0
    assert abs(binomial_tail(2, 3, 0.5) - 0.5) < 1e-9
    assert binomial_tail(5, 5, 0.0) == 0.0
