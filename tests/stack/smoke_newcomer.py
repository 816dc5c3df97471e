"""The smoke test of the deployed stack (`make smoke`; CI runs it after `make test`).

nginx (deploy/nginx.conf) in front of gunicorn (deploy/gunicorn.conf.py), a Celery worker
and beat, all started from the systemd units' commands (tests/stack/stack.py), with DEBUG
off and a real SECRET_KEY, on throwaway PostgreSQL and Redis. Everything goes through
nginx, as a newcomer's browser and an extension would.
"""

import json
import re
import time
import uuid

import pytest
import redis

from tests.stack.client import Browser, confirmation_link

SCORE_DEADLINE = 5.0  # seconds from the answer to a review's POST to its score being shown
PASSWORD = "a long unusual passphrase 42"


def lookup(browser: Browser, external_id: str) -> dict:
    response = browser.get(f"/api/v1/requesters/scores?platform=mturk&ids={external_id}")
    assert response.status_code == 200, response.text[:500]
    (item,) = response.json()["results"]
    return item


def wait_until(condition, *, deadline: float, what: str):
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {SCORE_DEADLINE} s: {what}", pytrace=False)
        time.sleep(0.1)


def review_form(**overrides) -> dict:
    fields = {
        "platform": "mturk",
        "requester_id": "ASMOKETEST0001",
        "requester_name": "Smoke Test Lab",
        "task_title": "Label street photos",
        "task_id": "",
        "reward": "3.00",
        "bonus": "",
        "time_minutes": "20",
        "time_seconds": "0",
        "outcome": "approved",
        "approval_hours": "",
        "communication": "responsive",
        "recommend": "yes",
        "recommend_reason": "",
        "tos_context": "",
        "broken_context": "",
        "text": "Clear instructions, paid the same day.",
        "idempotency_key": uuid.uuid4().hex,
    }
    fields.update(overrides)
    return fields


def sign_up_and_confirm(stack, browser: Browser, email: str, pseudonym: str) -> None:
    signed_up = browser.post_form(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "pseudonym": pseudonym},
    )
    assert signed_up.status_code == 200, signed_up.text[:500]
    assert "/accounts/confirm-email/" in signed_up.url  # "we sent you an e-mail"
    link = confirmation_link(stack.mail_dir, email)
    assert link.startswith(f"https://127.0.0.1:{stack.port}/"), link  # the host and port asked
    confirm_page = browser.get(link)
    assert confirm_page.status_code == 200
    confirmed = browser.post_form(link, {}, page=confirm_page.text)
    assert confirmed.status_code == 200
    assert pseudonym in confirmed.text  # logged in, under the pseudonym
    # Django thinks it speaks HTTPS (X-Forwarded-Proto through nginx and gunicorn).
    assert {"sessionid", "csrftoken"} <= browser.session.cookies.arrived_secure


def test_debug_is_off_and_errors_show_the_sites_own_pages(stack):
    browser = Browser(stack.base_url)

    missing = browser.get("/no-such-page/")

    assert missing.status_code == 404
    assert "Django tried these URL patterns" not in missing.text
    assert "Lantern" in missing.text


def test_static_files_and_the_api_docs_are_served_through_nginx(stack):
    browser = Browser(stack.base_url)
    home = browser.get("/")
    assert home.status_code == 200
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', home.text)
    assert stylesheets, "the home page links no stylesheet"
    for path in stylesheets:
        css = browser.get(path)
        assert css.status_code == 200, path
        assert css.headers["Content-Type"].startswith("text/css")
        assert "public" in css.headers.get("Cache-Control", "")  # nginx's, not Django's

    docs = browser.get("/api/docs/")
    assert docs.status_code == 200
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text)
    assert any("swagger-ui" in a for a in assets), assets
    for path in assets:
        assert browser.get(path).status_code == 200, path
    schema = browser.get("/api/schema/")
    assert schema.status_code == 200
    assert "/api/v1/requesters/scores" in schema.text


def test_a_newcomer_signs_up_reviews_and_sees_the_score_within_seconds(stack):
    browser = Browser(stack.base_url)
    sign_up_and_confirm(stack, browser, "newcomer.smoke@example.org", "smokenewcomer")
    assert lookup(browser, "ASMOKETEST0001")["status"] == "not_found"

    posted = browser.post_form("/reviews/new/", review_form())
    answered = time.monotonic()
    assert posted.status_code == 200, posted.text[:500]
    assert "/reviews/" in posted.url and "your review is saved" in posted.text

    deadline = answered + SCORE_DEADLINE
    item = wait_until(
        lambda: (i := lookup(browser, "ASMOKETEST0001"))["status"] == "found" and i,
        deadline=deadline,
        what="the API lookup showing the new review's score",
    )
    assert item["n"] == 1
    assert item["all"]["wage"]["median"] == 9.0
    wait_until(
        lambda: "9.00 USD/h" in browser.get("/r/mturk/ASMOKETEST0001/").text,
        deadline=deadline,
        what="the requester's page showing the wage",
    )

    # An edit moves the score too (3.00 → 4.00 for 20 minutes: 9 → 12 an hour).
    review_path = posted.url.removeprefix(stack.base_url)
    edited = browser.post_form(review_path + "edit/", review_form(reward="4.00"))
    answered = time.monotonic()
    assert edited.status_code == 200 and "Your review is updated" in edited.text
    # Each gunicorn process keeps what it read in memory and asks Redis whether anything
    # changed at most once per API_SCORES_CHECK_SECONDS: one that last looked before the
    # first publish still answers "not_found" for up to that long, so that answer is a
    # "not yet" here, not a failure.
    item = wait_until(
        lambda: (
            (i := lookup(browser, "ASMOKETEST0001")).get("all", {}).get("wage", {}).get("median")
            == 12.0
            and i
        ),
        deadline=answered + SCORE_DEADLINE,
        what="the API lookup showing the edited review's score",
    )
    assert item["n"] == 1


def test_an_extension_posts_with_a_token_and_a_retry_makes_no_second_review(stack):
    browser = Browser(stack.base_url)
    sign_up_and_confirm(stack, browser, "extension.smoke@example.org", "smokeextension")
    made = browser.post_form("/account/tokens/", {"name": "my extension"})
    assert made.status_code == 200
    secret = re.search(r'id="new-token-secret" type="text" value="([^"]+)"', made.text).group(1)
    extension = Browser(stack.base_url)
    review = {
        "platform": "mturk",
        "requester_id": "ASMOKETEST0002",
        "requester_name": "Token Lab",
        "task_title": "Transcribe receipts",
        "reward": "1.50",
        "time_worked_seconds": 600,
        "outcome": "approved",
    }
    headers = {"Authorization": f"Token {secret}", "Idempotency-Key": uuid.uuid4().hex}

    first = extension.session.post(
        stack.url("/api/v1/reviews"), data=json.dumps(review), timeout=15,
        headers={**headers, "Content-Type": "application/json"},
    )  # fmt: skip
    retried = extension.session.post(
        stack.url("/api/v1/reviews"), data=json.dumps(review), timeout=15,
        headers={**headers, "Content-Type": "application/json"},
    )  # fmt: skip

    assert first.status_code == 201, first.text[:500]
    assert retried.status_code == 200 and retried.json()["id"] == first.json()["id"]
    anonymous = extension.session.post(
        stack.url("/api/v1/reviews"), json=review, timeout=15, headers={"Idempotency-Key": "x"}
    )
    assert anonymous.status_code == 401
    item = wait_until(
        lambda: (i := lookup(extension, "ASMOKETEST0002"))["status"] == "found" and i,
        deadline=time.monotonic() + SCORE_DEADLINE,
        what="the token-posted review's score",
    )
    assert item["n"] == 1


def test_a_backup_restored_into_a_fresh_database_answers_every_lookup_the_same(stack):
    stack.manage("seed_demo", "--force", "--requesters", "30", "--reviews", "200")
    ids = sorted(
        set(
            re.findall(
                r"/r/mturk/([A-Z0-9]+)/", Browser(stack.base_url).get("/?platform=mturk").text
            )
        )
    )
    assert len(ids) >= 5, ids
    # One lookup holds them all; its body is compared byte for byte.
    path = f"/api/v1/requesters/scores?platform=mturk&ids={','.join(ids)}"
    before = Browser(stack.base_url).get(path, headers={"Accept-Encoding": "identity"})
    assert before.status_code == 200
    assert all(item["status"] == "found" for item in before.json()["results"])

    output = stack.run_oneshot("lantern-backup.service")
    (dump,) = stack.state_dir.joinpath("backups").glob("lantern-*.dump")
    assert str(dump) in output
    # A new machine: a fresh database, an empty Redis, then deploy/restore.sh as the README says.
    stack.stop_app()
    restored_url = stack.database_url.rsplit("/", 1)[0] + "/lantern_restored"
    stack.run(["psql", "--no-psqlrc", "--dbname", stack.database_url, "--command",
               "CREATE DATABASE lantern_restored"], cwd=stack.workdir, env=stack.unit_environment(
                   stack.unit("lantern-release.service")), what="createdb")  # fmt: skip
    redis.Redis.from_url(stack.redis_url).flushdb()
    env = {**stack.unit_environment(stack.unit("lantern-release.service")),
           "DATABASE_URL": restored_url}  # fmt: skip
    stack.run(
        [str(stack.map_path("/opt/lantern/deploy/restore.sh")), str(dump)],
        cwd=stack.workdir, env=env, what="deploy/restore.sh",
    )  # fmt: skip
    stack.restart_app(DATABASE_URL=restored_url)

    after = Browser(stack.base_url).get(path, headers={"Accept-Encoding": "identity"})
    assert after.status_code == 200
    assert after.content == before.content


def test_no_service_logged_an_error(stack):
    assert stack.problems() == []
