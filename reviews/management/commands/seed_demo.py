"""Fill the database with a realistic, made-up data set for trying Lantern out.

Every row is derived from a fixed seed and its own index, so a second run with the same
options finds everything already there and creates nothing. Rows are written with
bulk_create for speed, bypassing the services; that is why this command sets the derived
fields (task_key, hourly_wage) itself and checks each row against the model's rules.
"""

import random
import sys
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from reviews.demo.plans import (
    RequesterPlan,
    Task,
    _duration_words,
    _money,
    _plan_requester,
)
from reviews.demo.vocabulary import (
    BATCH_SIZE,
    BROKEN_CONTEXTS,
    DEMO_KEY_PREFIX,
    DEMO_PASSWORD,
    LOGIN_ACCOUNTS,
    REASONS_BAD,
    REASONS_GOOD,
    TEXT_OPENERS,
    TEXT_OUTCOMES,
    TOS_CONTEXTS,
)
from reviews.models import Platform, Requester, RequesterAlias, Review, WorkerProfile
from reviews.models.reviews import MAX_APPROVAL_SECONDS, task_key_for
from reviews.services.score_full_pass import scores_recompute_all


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
