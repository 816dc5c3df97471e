"""The load test's simulated people, run by locust as a library in a process of their own.

    python -m tests.stack.load_users --host URL --plan plan.json --out result.json \
        --seconds 240 --users api=16,page=8,extension=6,moderator=1

locust runs its users as gevent greenlets and patches the standard library for that on
import, so this module runs apart from the process that starts and checks the stack
(tests/stack/bench_load.py), which hands it the accounts in `plan.json` and reads back
`result.json`: every request's kind, status and time, and every write the server
acknowledged. It stops by itself after `--seconds` and talks only to `--host` (loopback).

- ApiWriter: an extension user with a personal token posting reviews (an Idempotency-Key
  each; one in ten sent twice at once, as a double click or an eager retry does), editing
  them (PATCH) and now and then flagging another's review;
- PageWriter: a worker in a browser session, logging in, reading pages, posting and
  editing reviews through the forms (CSRF token, the form's own idempotency key);
- Extension: anonymous bulk lookups of 100 ids, as a task-list page load sends;
- Moderator: reads the queue, hides reviews, restores them, resolves flags, by token.

A request that fails without an answer (or with a 5xx) is sent again, the same way, with
the same key, up to RETRIES times: what a client does, and what could make duplicates.
"""

from locust import HttpUser, between, events, task  # noqa: I001  first: gevent's patching
from locust.env import Environment

import argparse
import itertools
import json
import random
import re
import sys
import time
import uuid
from pathlib import Path

import gevent

from tests.stack.client import behind_tls, csrf_token

RETRIES = 5
TIMEOUT = 30
REVIEW_ID_IN_URL = re.compile(r"/reviews/(\d+)/$")

PLAN: dict = {}
RECORDS: list[tuple[str, int, float]] = []  # (kind, status or 0 for no answer, ms)
ACKED: list[dict] = []  # writes the server said it made
ACCOUNTS: dict[str, itertools.count] = {}  # the next account of each kind


UNEXPECTED: dict[str, int] = {}  # "name status" → count, for answers other than 2xx/3xx
SAMPLES: list[str] = []  # the first few of their bodies


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response, exception, **kw):
    kind = name.split(" ", 1)[0]  # "page:", "write:", "lookup:", … (see the names below)
    status = getattr(response, "status_code", 0) or 0
    RECORDS.append((kind, status, response_time))
    if not 200 <= status < 400:
        key = f"{name} {status}"
        UNEXPECTED[key] = UNEXPECTED.get(key, 0) + 1
        if len(SAMPLES) < 20:
            SAMPLES.append(f"{key}: {exception or (response.text or '')[:300]}")


def _answered(response) -> bool:
    """An answer the client accepts as final: anything but no answer or a server error."""
    return response.status_code and response.status_code < 500


class _Person(HttpUser):
    abstract = True

    def on_start(self) -> None:
        behind_tls(self.client, self.host)
        number = next(ACCOUNTS.setdefault(self.plan_key, itertools.count()))
        self.account = PLAN[self.plan_key][number % len(PLAN[self.plan_key])]
        self.reviews: list[int] = []

    def send(self, method: str, path: str, name: str, **kwargs):
        """One request, sent again after no answer or a 5xx, like a patient client."""
        kwargs.setdefault("timeout", TIMEOUT)
        for attempt in range(RETRIES):
            with self.client.request(
                method, path, name=name, catch_response=True, **kwargs
            ) as response:
                if _answered(response):
                    if response.status_code == 429:
                        response.success()  # the writer's rate limit: a fair answer
                        gevent.sleep(float(response.headers.get("Retry-After", 5)))
                        continue
                    response.success()
                    return response
                response.failure(f"no answer or {response.status_code}")
            gevent.sleep(0.5 * 2**attempt)
        return None

    def review_fields(self) -> dict:
        requester = random.choice(PLAN["requester_ids"])
        return {
            "platform": PLAN["platform"],
            "requester_id": requester,
            "requester_name": f"Load Requester {requester[-4:]}",
            "task_title": f"Load task {uuid.uuid4().hex[:12]}",
            "reward": f"{random.uniform(0.1, 6):.2f}",
            "outcome": random.choice(["approved", "approved", "rejected", "pending"]),
            "communication": random.choice(["responsive", "unresponsive", "not_contacted"]),
            "text": "Written by the load test. " + uuid.uuid4().hex,
        }


class ApiWriter(_Person):
    plan_key = "api_writers"
    wait_time = between(1.5, 3.5)

    def on_start(self) -> None:
        super().on_start()
        self.client.headers["Authorization"] = f"Token {self.account['token']}"

    @task(5)
    def post_review(self) -> None:
        fields = self.review_fields()
        body = {**fields, "time_worked_seconds": random.randint(60, 3600)}
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        senders = 2 if random.random() < 0.1 else 1
        answers = gevent.joinall(
            [
                gevent.spawn(
                    self.send,
                    "POST",
                    "/api/v1/reviews",
                    "write: api POST review",
                    json=body,
                    headers=headers,
                )  # fmt: skip
                for _ in range(senders)
            ]
        )
        ids = {a.value.json()["id"] for a in answers if a.value is not None and a.value.ok}
        if len(ids) > 1:  # two reviews for one key: the check afterwards counts it
            SAMPLES.append(f"one Idempotency-Key, reviews {sorted(ids)}")
        for review_id in ids:
            self.reviews.append(review_id)
            ACKED.append(
                {"kind": "create", "review_id": review_id, "author": self.account["username"],
                 "key": headers["Idempotency-Key"], "reward": body["reward"], "senders": senders}
            )  # fmt: skip

    @task(3)
    def edit_review(self) -> None:
        if not self.reviews:
            return
        review_id = random.choice(self.reviews)
        reward = f"{random.uniform(0.1, 6):.2f}"
        response = self.send(
            "PATCH", f"/api/v1/reviews/{review_id}", "write: api PATCH review",
            json={"reward": reward},
        )  # fmt: skip
        if response is not None and response.ok:
            ACKED.append({"kind": "edit", "review_id": review_id, "reward": reward})

    @task(1)
    def flag_someone(self) -> None:
        others = PLAN["flaggable_review_ids"]
        self.send(
            "POST", f"/api/v1/reviews/{random.choice(others)}/flags", "write: api POST flag",
            json={"reason": "spam"},
        )  # fmt: skip


class PageWriter(_Person):
    plan_key = "page_writers"
    wait_time = between(2, 5)

    def on_start(self) -> None:
        super().on_start()
        page = self.send("GET", "/accounts/login/", "page: login form")
        self.send(
            "POST", "/accounts/login/", "write: page POST login", allow_redirects=False,
            data={"login": self.account["email"], "password": PLAN["password"],
                  "csrfmiddlewaretoken": csrf_token(page.text)},
        )  # fmt: skip

    def form_post(self, path: str, name: str, fields: dict):
        """GET the form, POST it with its token (not following the redirect), then GET the
        page it redirects to, as a browser does. Returns that page's path, or None."""
        form = self.send("GET", path, f"page: {name} form")
        if form is None or form.status_code != 200:
            return None
        hidden = dict(re.findall(r'name="(idempotency_key)" value="([^"]*)"', form.text))
        data = {**fields, **hidden, "csrfmiddlewaretoken": csrf_token(form.text)}
        posted = self.send(
            "POST", path, f"write: page POST {name}", data=data, allow_redirects=False,
            headers={"Referer": self.client.headers["Origin"] + path},
        )  # fmt: skip
        if posted is None or posted.status_code != 302:
            return None
        target = posted.headers["Location"]
        self.send("GET", target, "page: review")
        return target

    def form_fields(self, fields: dict) -> dict:
        return {
            **fields,
            "time_minutes": str(random.randint(1, 60)),
            "time_seconds": "0",
            "recommend": random.choice(["yes", "no", ""]),
        }

    @task(4)
    def post_review(self) -> None:
        fields = self.form_fields(self.review_fields())
        target = self.form_post("/reviews/new/", "new review", fields)
        match = target and REVIEW_ID_IN_URL.search(target)
        if match:
            review_id = int(match.group(1))
            self.reviews.append(review_id)
            ACKED.append(
                {"kind": "create", "review_id": review_id, "author": self.account["username"],
                 "key": None, "reward": fields["reward"], "senders": 1}
            )  # fmt: skip

    @task(2)
    def edit_review(self) -> None:
        if not self.reviews:
            return
        review_id = random.choice(self.reviews)
        fields = self.form_fields(self.review_fields())
        fields.pop("platform"), fields.pop("requester_id"), fields.pop("requester_name")
        if self.form_post(f"/reviews/{review_id}/edit/", "edit review", fields):
            ACKED.append({"kind": "edit", "review_id": review_id, "reward": fields["reward"]})

    @task(6)
    def read_pages(self) -> None:
        requester = random.choice(PLAN["existing_requester_ids"])
        self.send("GET", "/", "page: home")
        self.send("GET", f"/r/{PLAN['platform']}/{requester}/", "page: requester")
        self.send("GET", "/reviews/mine/", "page: my reviews")


class Extension(_Person):
    plan_key = None
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.account = None  # anonymous: no cookies and no token
        self.client.headers["Accept-Encoding"] = "gzip"

    @task
    def look_up_a_task_list(self) -> None:
        ids = random.sample(PLAN["lookup_ids"], min(100, len(PLAN["lookup_ids"])))
        self.send(
            "GET", f"/api/v1/requesters/scores?platform={PLAN['platform']}&ids={','.join(ids)}",
            "lookup: 100 ids",
        )  # fmt: skip


class Moderator(_Person):
    plan_key = "moderators"
    wait_time = between(1.5, 3)

    def on_start(self) -> None:
        super().on_start()
        self.client.headers["Authorization"] = f"Token {self.account['token']}"
        self.hidden: list[int] = []

    @task(2)
    def work_the_queue(self) -> None:
        queue = self.send("GET", "/api/v1/moderation/queue", "read: moderation queue")
        reviews = queue.json().get("flagged_reviews", []) if queue is not None and queue.ok else []
        flags = [flag for review in reviews for flag in review["flags"]]
        if flags:
            flag = random.choice(flags)
            self.send(
                "POST", f"/api/v1/flags/{flag['id']}/resolve", "write: moderator resolve flag",
                json={"outcome": "dismiss", "reason": "Not spam: a real experience."},
            )  # fmt: skip

    @task(1)
    def hide_or_restore(self) -> None:
        if self.hidden and random.random() < 0.6:
            review_id = self.hidden.pop()
            self.send(
                "POST", f"/api/v1/reviews/{review_id}/restore", "write: moderator restore",
                json={"reason": "Restored after a second look."},
            )  # fmt: skip
            return
        review_id = random.choice(PLAN["flaggable_review_ids"])
        hidden = self.send(
            "POST", f"/api/v1/reviews/{review_id}/hide", "write: moderator hide",
            json={"reason": "Load test: hidden for a while."},
        )  # fmt: skip
        if hidden is not None and hidden.ok:
            self.hidden.append(review_id)


USER_CLASSES = {
    "api": ApiWriter,
    "page": PageWriter,
    "extension": Extension,
    "moderator": Moderator,
}


def run(host: str, counts: dict[str, int], seconds: float) -> None:
    classes = [USER_CLASSES[name] for name, count in counts.items() if count]
    for name, count in counts.items():
        USER_CLASSES[name].fixed_count = count  # exactly this many of each
    # When the time is up each user finishes the request it is making (stop_timeout), so
    # every write the server made has its answer: a cut-off one would look lost.
    env = Environment(user_classes=classes, host=host, events=events, stop_timeout=TIMEOUT * 2)
    runner = env.create_local_runner()
    total = sum(counts.values())
    runner.start(total, spawn_rate=max(1, total / 10))
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--users", default="api=16,page=8,extension=6,moderator=1")
    args = parser.parse_args()
    if not args.host.startswith(("http://127.", "http://localhost", "http://[::1]")):
        sys.exit("load_users: loopback hosts only")
    PLAN.update(json.loads(args.plan.read_text()))
    counts = {k: int(v) for k, v in (pair.split("=") for pair in args.users.split(","))}
    started = time.monotonic()
    run(args.host, counts, args.seconds)
    args.out.write_text(
        json.dumps(
            {
                "seconds": time.monotonic() - started,
                "records": RECORDS,
                "acked": ACKED,
                "unexpected": UNEXPECTED,
                "samples": SAMPLES,
            },
            separators=(",", ":"),
        )
    )


if __name__ == "__main__":
    main()
