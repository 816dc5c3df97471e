"""Fill the database with a realistic, made-up data set for trying Lantern out.

Every row is derived from a fixed seed and its own index, so a second run with the same
options finds everything already there and creates nothing. Rows are written with
bulk_create for speed, bypassing the services; that is why this command sets the derived
fields (task_key, hourly_wage) itself and checks each row against the model's rules.
"""

import math
import random
import string
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from reviews.models import Platform, Requester, RequesterAlias, Review, WorkerProfile
from reviews.models.reviews import MAX_APPROVAL_SECONDS, task_key_for
from reviews.services.scores import scores_recompute_all

DEMO_PASSWORD = "lantern-demo-password"  # noqa: S105  printed on purpose: demo accounts only
DEMO_KEY_PREFIX = "seed-demo:"
HISTORY_DAYS = 730
BATCH_SIZE = 500

# (e-mail, username, pseudonym, role): the accounts a person logs in with.
LOGIN_ACCOUNTS = [
    ("worker@example.org", "demo-worker", "NightShiftNora", WorkerProfile.Role.WORKER),
    ("worker2@example.org", "demo-worker2", "hitcatcher_sam", WorkerProfile.Role.WORKER),
    ("moderator@example.org", "demo-moderator", "mod_juniper", WorkerProfile.Role.MODERATOR),
]

# Share of requesters per platform, roughly as workers' attention is spread.
PLATFORM_WEIGHTS = {"mturk": 45, "prolific": 30, "connect": 12, "toloka": 7, "clickworker": 6}

SURNAMES = [
    "Abernathy",
    "Alvarez",
    "Baptiste",
    "Becker",
    "Brennan",
    "Castillo",
    "Chen",
    "Dlamini",
    "Eriksen",
    "Fischer",
    "Garza",
    "Haddad",
    "Hoffmann",
    "Ibarra",
    "Iwasaki",
    "Jensen",
    "Kapoor",
    "Kowalski",
    "Lindqvist",
    "Mahmoud",
    "Marchetti",
    "Mendoza",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Park",
    "Petrov",
    "Quintero",
    "Rahman",
    "Reyes",
    "Rossi",
    "Sato",
    "Schneider",
    "Silva",
    "Sokolov",
    "Tanaka",
    "Thompson",
    "Umarov",
    "Varga",
    "Vasquez",
    "Wang",
    "Weber",
    "Whitfield",
    "Yilmaz",
    "Zhang",
    "Zielinski",
]
FIRST_NAMES = [
    "Amara",
    "Ben",
    "Carla",
    "Dmitri",
    "Elena",
    "Farah",
    "Gabriel",
    "Hana",
    "Ines",
    "Jonas",
    "Kavya",
    "Leo",
    "Maya",
    "Nikolai",
    "Olivia",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomas",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
PLACES = [
    "Northfield",
    "Lakeshore",
    "Riverside",
    "Westbrook",
    "Eastmoor",
    "Harborview",
    "Pinecrest",
    "Highland",
    "Brookdale",
    "Fairhaven",
    "Stonebridge",
    "Maplewood",
    "Summit",
    "Clearwater",
    "Redwood",
    "Ashford",
]
FIELDS = [
    "Psychology",
    "Behavioral Economics",
    "Cognitive Science",
    "Marketing",
    "Linguistics",
    "Sociology",
    "Political Science",
    "Public Health",
    "Human-Computer Interaction",
    "Decision Sciences",
]
COMPANY_WORDS = [
    "Data",
    "Insight",
    "Label",
    "Signal",
    "Vector",
    "Pixel",
    "Metric",
    "Panel",
    "Opinion",
    "Survey",
    "Quest",
    "Clarity",
    "Beacon",
    "Atlas",
    "Nimbus",
    "Cobalt",
    "Juniper",
    "Falcon",
    "Orbit",
    "Prism",
]
COMPANY_SUFFIXES = ["Labs", "Research", "Analytics", "AI", "Data Services", "Insights", "Inc."]

SURVEY_TOPICS = [
    "daily habits",
    "shopping decisions",
    "news consumption",
    "sleep and wellbeing",
    "moral dilemmas",
    "social media use",
    "financial choices",
    "workplace experiences",
    "food preferences",
    "political attitudes",
    "memory and attention",
    "product packaging",
    "remote work",
    "travel plans",
    "personality",
]
LABEL_OBJECTS = [
    "street signs",
    "receipts",
    "product photos",
    "bird species",
    "handwritten digits",
    "medical forms",
    "storefronts",
    "vehicles in traffic",
    "clothing items",
]
TASK_TEMPLATES = [
    "Survey about {topic} (~{minutes} minutes)",
    "Short academic study on {topic}",
    "Answer questions about {topic}",
    "{minutes}-minute research survey: {topic}",
    "Decision-making study ({minutes} min)",
    "Categorize {objects}",
    "Draw boxes around {objects}",
    "Transcribe text from {objects}",
    "Rate the relevance of search results",
    "Judge the quality of AI chatbot answers",
    "Record a short audio clip reading sentences",
    "Find the website and e-mail of a business",
    "Sentiment of short product reviews",
]

REASONS_GOOD = [
    "Pays fairly and approves quickly.",
    "Clear instructions and a working completion code.",
    "Good pay for the time; would do more of these.",
    "Consistently fair, never had a problem.",
]
REASONS_BAD = [
    "Pay is far below what the time takes.",
    "Rejected work that followed the instructions.",
    "Timer was much too short for the actual work.",
    "Never answered my message about a rejection.",
]
TOS_CONTEXTS = [
    "Asked for my e-mail address to send the payment code.",
    "Required installing an app on my phone.",
    "Asked for my full name and home town.",
    "Asked me to sign up on an outside website.",
]
BROKEN_CONTEXTS = [
    "The survey link returned an error page.",
    "The completion code at the end was not accepted.",
    "Images did not load, so the task could not be done.",
    "The survey kicked me out halfway with no code.",
]
TEXT_OPENERS = {
    "good": [
        "Straightforward task with clear instructions.",
        "Well designed study, the time estimate was accurate.",
        "Quick and easy, no surprises.",
        "Interesting questions and a fair attention check.",
    ],
    "ok": [
        "Took a bit longer than advertised.",
        "Instructions were a little vague but workable.",
        "Average task, nothing special.",
        "Some repetitive sections, otherwise fine.",
    ],
    "bad": [
        "Much longer than the estimate said.",
        "Tedious and badly underpaid.",
        "Confusing instructions and several tricky attention checks.",
        "The timer was far too short for the work asked.",
    ],
}
TEXT_OUTCOMES = {
    Review.Outcome.APPROVED: [
        "Approved within {approval}.",
        "Paid in {approval}.",
        "Approval came after {approval}.",
    ],
    Review.Outcome.REJECTED: [
        "Rejected without explanation.",
        "Got a rejection even though I passed every check.",
        "Rejected; the message I sent went unanswered.",
    ],
    Review.Outcome.PARTIALLY_REJECTED: [
        "Some of my submissions were rejected.",
        "About a third of my HITs got rejected.",
    ],
    Review.Outcome.PENDING: ["Still pending.", "No decision yet."],
    Review.Outcome.OVERTURNED: [
        "Rejected at first, but they reversed it after I wrote to them.",
        "The rejection was overturned within a day of my message.",
    ],
}


@dataclass
class Task:
    title: str
    task_id: str
    minutes: float
    reward: Decimal


@dataclass
class RequesterPlan:
    index: int
    platform: Platform
    external_id: str
    display_name: str
    old_name: str
    first_seen_days_ago: float
    popularity: float
    base_wage: float
    rejection_rate: float
    responsiveness: float
    approval_hours: float
    tos_rate: float
    broken_rate: float
    tasks: list[Task] = field(default_factory=list)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _alnum(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


UPPER_DIGITS = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"


def _external_id(rng: random.Random, slug: str) -> str:
    if slug == "mturk":  # "A" + 9 or more capitals or digits; real ones are 12-14 long
        return "A" + _alnum(rng, UPPER_DIGITS, rng.randint(11, 13))
    if slug == "prolific":  # 24 lowercase hex, like a MongoDB object id
        return _alnum(rng, HEX, 24)
    if slug == "toloka":
        return str(rng.randint(1_000_000, 99_999_999))
    if slug == "clickworker":
        return str(rng.randint(10_000, 999_999))
    return _alnum(rng, string.ascii_letters + string.digits, 12)


def _task_id(rng: random.Random, slug: str) -> str:
    if slug == "mturk":  # HIT group ids
        return "3" + _alnum(rng, UPPER_DIGITS, 29)
    if slug == "prolific":
        return _alnum(rng, HEX, 24)
    return ""


def _requester_name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.30:
        return f"{rng.choice(SURNAMES)} {rng.choice(['Lab', 'Research Group', 'Lab Studies'])}"
    if kind < 0.55:
        return f"{rng.choice(PLACES)} University {rng.choice(FIELDS)} Lab"
    if kind < 0.80:
        return f"{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS).lower()} " + rng.choice(
            COMPANY_SUFFIXES
        )
    if kind < 0.92:
        return f"Dr. {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    return f"{rng.choice(FIELDS)} Study Team {rng.randint(1, 9)}"


def _base_wage(rng: random.Random) -> float:
    tier = rng.random()
    if tier < 0.07:  # the awful ones workers warn each other about
        return rng.uniform(1.0, 5.0)
    if tier < 0.25:
        return rng.uniform(5.0, 8.0)
    if tier < 0.75:
        return rng.uniform(8.0, 14.0)
    return rng.uniform(14.0, 22.0)


def _plan_requester(seed: int, index: int, platforms: list[Platform]) -> RequesterPlan:
    rng = random.Random(f"{seed}:requester:{index}")
    platform = rng.choices(platforms, weights=[PLATFORM_WEIGHTS.get(p.slug, 5) for p in platforms])[
        0
    ]
    name = _requester_name(rng)
    plan = RequesterPlan(
        index=index,
        platform=platform,
        external_id=_external_id(rng, platform.slug),
        display_name=name,
        old_name=_requester_name(rng) if rng.random() < 0.06 else "",
        # Lantern grew over time: more requesters first seen recently.
        first_seen_days_ago=HISTORY_DAYS * (1 - math.sqrt(rng.random())),
        popularity=rng.lognormvariate(0, 1.0),
        base_wage=_base_wage(rng),
        rejection_rate=rng.uniform(0.15, 0.45) if rng.random() < 0.08 else rng.uniform(0, 0.04),
        responsiveness=rng.random(),
        approval_hours=rng.choice([2, 6, 24, 48, 72, 72, 72, 168, 336]) * rng.uniform(0.5, 1.5),
        tos_rate=rng.uniform(0.1, 0.4) if rng.random() < 0.05 else 0.0,
        broken_rate=rng.uniform(0.0, 0.05),
    )
    for _ in range(rng.randint(2, 12)):
        minutes = min(120.0, max(1.0, rng.lognormvariate(math.log(10), 0.7)))
        template = rng.choice(TASK_TEMPLATES)
        title = template.format(
            topic=rng.choice(SURVEY_TOPICS),
            objects=rng.choice(LABEL_OBJECTS),
            minutes=max(1, round(minutes)),
        )
        reward = _money(max(0.01, plan.base_wage * rng.uniform(0.8, 1.2) * minutes / 60))
        plan.tasks.append(Task(title, _task_id(rng, platform.slug), minutes, reward))
    return plan


def _duration_words(seconds: int) -> str:
    hours = seconds / 3600
    if hours < 1:
        return "under an hour"
    if hours < 36:
        return f"{round(hours)} hours"
    return f"{round(hours / 24)} days"


class Command(BaseCommand):
    help = (
        "Create a realistic demo data set: requesters on every platform, reviews over the last "
        "two years and a few log-in accounts. Running it again creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requesters", type=int, default=300, help="default: 300")
        parser.add_argument("--reviews", type=int, default=3000, help="default: 3000")
        parser.add_argument("--seed", type=int, default=20080101, help="random seed")
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DEBUG off (the demo accounts share a published password)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo makes accounts with a published password and made-up reviews; it "
                "runs only with DEBUG=1. Pass --force if this really is a throwaway database."
            )
        if options["requesters"] < 1 or options["reviews"] < 0:
            raise CommandError("--requesters must be at least 1 and --reviews at least 0.")
        platforms = list(Platform.objects.order_by("slug"))
        if not platforms:
            raise CommandError("No platforms: run `manage.py migrate` first.")
        self.seed = options["seed"]
        self.show_progress = options["verbosity"] > 0
        self.now = timezone.now()

        with transaction.atomic():
            accounts, authors, new_accounts = self._accounts(options["reviews"])
            # Requesters exist because someone reviewed them: never more than the reviews.
            count = min(options["requesters"], options["reviews"])
            plans = [_plan_requester(self.seed, i, platforms) for i in range(count)]
            requesters, new_requesters = self._requesters(plans)
            new_reviews = self._reviews(options["reviews"], plans, requesters, authors)

        if new_reviews:
            # The rows bypassed the services, so no recompute was enqueued: score them now.
            with tqdm(
                total=Requester.objects.count(),
                desc="scores",
                unit="requester",
                disable=not self.show_progress,
                file=sys.stderr,
            ) as progress:
                scores_recompute_all(progress=progress.update)
        if new_accounts or new_requesters or new_reviews:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {new_accounts} accounts, {new_requesters} requesters and "
                    f"{new_reviews} reviews."
                )
            )
        else:
            self.stdout.write("Demo data already present: nothing new created.")
        self.stdout.write(f"Log in with any of these (password: {DEMO_PASSWORD}):")
        for email, _, pseudonym, role in LOGIN_ACCOUNTS:
            self.stdout.write(f"  {email:<24} {role.label.lower():<10} shown as {pseudonym}")

    # --- accounts ---------------------------------------------------------------------
    def _accounts(self, review_count: int):
        rng = random.Random(f"{self.seed}:accounts")
        wanted = list(LOGIN_ACCOUNTS)
        for n in range(max(12, min(150, review_count // 25))):
            pseudonym = (
                f"{rng.choice(['quiet', 'night', 'swift', 'lucky', 'tired', 'careful'])}"
                f"_{rng.choice(['turker', 'worker', 'owl', 'fox', 'hitter', 'panelist'])}{n}"
            )
            wanted.append((f"reviewer{n:03d}@example.org", f"reviewer{n:03d}", pseudonym, "worker"))

        User = get_user_model()
        existing = {
            u.email.lower(): u for u in User.objects.filter(email__in=[w[0] for w in wanted])
        }
        password_hash = None  # one Argon2 hash for every demo account: hashing is slow by design
        users, created = [], 0
        for email, username, pseudonym, role in wanted:
            user = existing.get(email)
            if user is None:
                password_hash = password_hash or make_password(DEMO_PASSWORD)
                user = User.objects.create(username=username, email=email, password=password_hash)
                profile = user.profile  # made by the post_save receiver
                taken = WorkerProfile.objects.filter(pseudonym__iexact=pseudonym).exclude(user=user)
                profile.pseudonym = pseudonym if not taken.exists() else f"{pseudonym}-{user.pk}"
                profile.role = role
                profile.save(update_fields=["pseudonym", "role"])
                created += 1
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            users.append(user)
        return users[: len(LOGIN_ACCOUNTS)], users, created

    # --- requesters -------------------------------------------------------------------
    def _requesters(self, plans: list[RequesterPlan]) -> tuple[dict, int]:
        seen: set[tuple[int, str]] = set()
        for plan in plans:
            plan.platform.validate_requester_id(plan.external_id)
            key = (plan.platform.pk, plan.external_id)
            if key in seen:  # astronomically rare; keep the data set valid anyway
                plan.external_id = plan.external_id[:-1] + (
                    "1" if plan.external_id[-1] != "1" else "2"
                )
                key = (plan.platform.pk, plan.external_id)
            seen.add(key)

        existing = {
            (r.platform_id, r.external_id): r
            for r in Requester.objects.filter(external_id__in=[p.external_id for p in plans])
        }
        to_create = [p for p in plans if (p.platform.pk, p.external_id) not in existing]
        objs = [
            Requester(platform=p.platform, external_id=p.external_id, display_name=p.display_name)
            for p in to_create
        ]
        progress = tqdm(
            total=len(objs),
            desc="requesters",
            unit="row",
            disable=not self.show_progress or not objs,
            file=sys.stderr,
        )
        with progress:
            for start in range(0, len(objs), BATCH_SIZE):
                batch = objs[start : start + BATCH_SIZE]
                Requester.objects.bulk_create(batch)
                progress.update(len(batch))

        aliases = []
        for plan, obj in zip(to_create, objs, strict=True):
            obj.created_at = self._days_ago(plan.first_seen_days_ago)
            names = [plan.old_name, plan.display_name] if plan.old_name else [plan.display_name]
            for offset, name in enumerate(names):
                seen_at = obj.created_at + timedelta(days=30 * offset)
                aliases.append(RequesterAlias(requester=obj, name=name, first_seen_at=seen_at))
        Requester.objects.bulk_update(objs, ["created_at"], batch_size=BATCH_SIZE)
        RequesterAlias.objects.bulk_create(aliases, batch_size=BATCH_SIZE)
        for alias in aliases:
            alias.last_seen_at = alias.first_seen_at
        RequesterAlias.objects.bulk_update(
            aliases, ["first_seen_at", "last_seen_at"], batch_size=BATCH_SIZE
        )

        created = {(o.platform_id, o.external_id): o for o in objs}
        by_index = {}
        for plan in plans:
            key = (plan.platform.pk, plan.external_id)
            by_index[plan.index] = existing[key] if key in existing else created[key]
        return by_index, len(objs)

    def _days_ago(self, days: float):
        return self.now - timedelta(days=days)

    # --- reviews ----------------------------------------------------------------------
    def _reviews(self, count, plans, requesters, authors) -> int:
        keys = [f"{DEMO_KEY_PREFIX}{j}" for j in range(count)]
        done = set(
            Review.objects.filter(idempotency_key__startswith=DEMO_KEY_PREFIX).values_list(
                "idempotency_key", flat=True
            )
        )
        live = set(
            Review.objects.filter(author__in=authors)
            .exclude(status=Review.Status.WITHDRAWN)
            .values_list("author_id", "requester_id", "task_key")
        )
        # Popular requesters collect most reviews, as on the real platforms.
        cum_weights = list(_cumulative([p.popularity for p in plans]))
        # A long tail of authors: a few prolific reviewers, many occasional ones.
        author_weights = list(_cumulative([1 / (rank + 1) ** 0.7 for rank in range(len(authors))]))

        new = []
        for j, key in enumerate(keys):
            if key in done:
                continue
            rng = random.Random(f"{self.seed}:review:{j}")
            # The first reviews give every requester one; the rest follow popularity.
            first = plans[j] if j < len(plans) else None
            for _attempt in range(10):
                plan = first or rng.choices(plans, cum_weights=cum_weights)[0]
                author = rng.choices(authors, cum_weights=author_weights)[0]
                task = rng.choice(plan.tasks)
                requester = requesters[plan.index]
                triple = (author.pk, requester.pk, task_key_for(task.task_id, task.title))
                if triple not in live:
                    break
            else:
                continue  # this author has reviewed every task we tried; skip the slot
            review = self._review(rng, plan, task, requester, author, key)
            if review.status != Review.Status.WITHDRAWN:
                live.add(triple)
            new.append(review)

        progress = tqdm(
            total=len(new),
            desc="reviews",
            unit="row",
            disable=not self.show_progress or not new,
            file=sys.stderr,
        )
        with progress:
            for start in range(0, len(new), BATCH_SIZE):
                batch = new[start : start + BATCH_SIZE]
                created_at = [r.created_at for r in batch]
                Review.objects.bulk_create(batch)
                # auto_now_add overwrote the dates on insert; put the history back.
                for review, when in zip(batch, created_at, strict=True):
                    review.created_at = review.updated_at = when
                Review.objects.bulk_update(batch, ["created_at", "updated_at"])
                progress.update(len(batch))
        return len(new)

    def _review(self, rng, plan: RequesterPlan, task: Task, requester, author, key) -> Review:
        days_ago = rng.uniform(0, plan.first_seen_days_ago)
        created_at = self._days_ago(days_ago)
        did_not_finish = rng.random() < 0.03
        if did_not_finish:
            seconds = rng.randint(60, 600)
        else:
            # Workers differ in speed; a few got stuck far longer than the estimate.
            spread = rng.lognormvariate(0, 0.35) * (2.5 if rng.random() < 0.05 else 1)
            seconds = max(30, min(24 * 3600, round(task.minutes * 60 * spread)))
        bonus = (
            _money(float(task.reward) * rng.uniform(0.05, 0.5))
            if rng.random() < 0.1
            else Decimal("0")
        )

        outcome = self._outcome(rng, plan, days_ago, did_not_finish)
        approval_seconds = None
        if outcome != Review.Outcome.PENDING:
            hours = plan.approval_hours * rng.lognormvariate(0, 0.5)
            approval_seconds = min(MAX_APPROVAL_SECONDS, max(60, round(hours * 3600)))
        rejected = outcome in (Review.Outcome.REJECTED, Review.Outcome.PARTIALLY_REJECTED)

        contacted = rng.random() < (
            0.6 if rejected or outcome == Review.Outcome.OVERTURNED else 0.06
        )
        if outcome == Review.Outcome.OVERTURNED:
            communication = Review.Communication.RESPONSIVE
        elif contacted:
            communication = (
                Review.Communication.RESPONSIVE
                if rng.random() < plan.responsiveness
                else Review.Communication.UNRESPONSIVE
            )
        else:
            communication = Review.Communication.NOT_CONTACTED

        wage = float(task.reward + bonus) * 3600 / seconds if not did_not_finish else 0.0
        mood = "bad" if rejected or wage < 6 else ("good" if wage >= 11 else "ok")
        recommend = None
        if rng.random() < 0.85:
            recommend = mood == "good" or (mood == "ok" and rng.random() < 0.6)
        recommend_reason = ""
        if recommend is not None and rng.random() < 0.3:
            recommend_reason = rng.choice(REASONS_GOOD if recommend else REASONS_BAD)
        tos = rng.random() < plan.tos_rate
        broken = rng.random() < plan.broken_rate

        review = Review(
            author=author,
            requester=requester,
            task_title=task.title,
            task_id=task.task_id,
            reward=task.reward,
            bonus=bonus,
            currency=plan.platform.currency,
            time_worked_seconds=seconds,
            did_not_finish=did_not_finish,
            outcome=outcome,
            approval_seconds=approval_seconds,
            blocked=rejected and rng.random() < 0.1,
            communication=communication,
            recommend=recommend,
            recommend_reason=recommend_reason,
            tos_violation=tos,
            tos_context=rng.choice(TOS_CONTEXTS) if tos else "",
            broken_task=broken,
            broken_context=rng.choice(BROKEN_CONTEXTS) if broken else "",
            unpaid_screener=did_not_finish and rng.random() < 0.6,
            text=self._text(rng, mood, outcome, approval_seconds, wage, plan.platform.currency),
            status=Review.Status.WITHDRAWN if rng.random() < 0.01 else Review.Status.PUBLISHED,
            idempotency_key=key,
            created_at=created_at,
        )
        if rng.random() < 0.55:  # Turkopticon-1 style ratings, given by about half
            review.rating_pay = _clamp(1 + int(wage // 4) + rng.choice([-1, 0, 0, 1]))
            review.rating_fair = _clamp((1 if rejected else 5) + rng.choice([-1, 0, 0, 1]))
            fast = 5 if (approval_seconds or 10**9) < 86400 else 3
            review.rating_fast = _clamp(fast + rng.choice([-1, 0, 1])) if approval_seconds else None
            review.rating_comm = {
                Review.Communication.RESPONSIVE: rng.choice([4, 5]),
                Review.Communication.UNRESPONSIVE: rng.choice([1, 2]),
            }.get(communication)
        # bulk_create skips save(): derive what save() would.
        review.task_key = task_key_for(review.task_id, review.task_title)
        review.hourly_wage = review.compute_hourly_wage()
        return review

    def _outcome(self, rng, plan: RequesterPlan, days_ago: float, did_not_finish: bool) -> str:
        if did_not_finish or (days_ago < plan.approval_hours / 24 and rng.random() < 0.8):
            return Review.Outcome.PENDING
        if rng.random() < 0.02:
            return Review.Outcome.PENDING
        if rng.random() < plan.rejection_rate:
            if rng.random() < 0.15:
                return Review.Outcome.OVERTURNED
            return rng.choice(
                [
                    Review.Outcome.REJECTED,
                    Review.Outcome.REJECTED,
                    Review.Outcome.PARTIALLY_REJECTED,
                ]
            )
        return Review.Outcome.APPROVED

    def _text(self, rng, mood, outcome, approval_seconds, wage, currency) -> str:
        if rng.random() < 0.15:
            return ""
        parts = [rng.choice(TEXT_OPENERS[mood])]
        if wage and rng.random() < 0.6:
            symbol = {"USD": "$", "GBP": "£", "EUR": "€"}.get(currency, "")
            parts.append(f"Worked out to about {symbol}{wage:.2f}/hr for me.")
        template = rng.choice(TEXT_OUTCOMES[outcome])
        parts.append(template.format(approval=_duration_words(approval_seconds or 0)))
        return " ".join(parts)


def _clamp(value: int) -> int:
    return max(1, min(5, value))


def _cumulative(weights):
    total = 0.0
    for weight in weights:
        total += weight
        yield total
