"""Replies, disputes and comments through /api/v1/: the permission matrix with tokens, the
lifecycle, the error answers, and that no answer carries a reviewer's e-mail or user id."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api import throttles
from reviews.models import Comment, Dispute, ModerationAction, RequesterReply, Review
from reviews.services.comments import comment_create, comment_hide
from reviews.services.disputes import dispute_appeal, dispute_decide, dispute_open
from reviews.services.replies import reply_create
from reviews.services.tokens import token_create
from tests.discussion_cast import PEOPLE, make_cast
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Write counters are per user id, and ids repeat between tests."""
    throttles.reset()


@pytest.fixture
def cast():
    return make_cast()


class Api:
    """JSON calls as one person of the cast, with their own token (none for the stranger)."""

    def __init__(self, client, cast, person: str):
        self.client = client
        self.headers = {}
        if person != "stranger":
            secret = token_create(user=cast.person(person), name="tests")[1]
            self.headers["Authorization"] = f"Token {secret}"

    def post(self, url: str, body: dict):
        return self.client.post(url, body, content_type="application/json", headers=self.headers)

    def get(self, url: str):
        return self.client.get(url, headers=self.headers)


@pytest.fixture
def as_person(client, cast):
    """as_person("rep") → an Api for that person; one token each, however often asked."""
    made: dict[str, Api] = {}

    def get(person: str) -> Api:
        if person not in made:
            made[person] = Api(client, cast, person)
        return made[person]

    return get


def open_dispute(cast) -> Dispute:
    return dispute_open(
        review=cast.review,
        representative=cast.rep,
        ground="false",
        statement="Our records show an approval.",
    )


def decided(cast, decision="uphold", moderator=None) -> Dispute:
    return dispute_decide(
        dispute=open_dispute(cast),
        moderator=moderator or cast.moderator,
        decision=decision,
        rationale="Matches the records.",
    )


def url(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)


# --- The permission matrix ----------------------------------------------------------------

EVERYONE_WHO_POSTS = {"worker", "author", "other_rep", "rep", "moderator", "admin"}


def _reply(cast):
    return url("review-reply", cast.review.pk), {"text": "We paid everyone."}


def _dispute(cast):
    return url("review-disputes", cast.review.pk), {"ground": "false", "statement": "False."}


def _comment(cast):
    return url("review-comments", cast.review.pk), {"text": "Same for me."}


def _answer(cast):
    return url("dispute-answer", open_dispute(cast).pk), {"text": "It happened."}


def _decide(cast):
    dispute = open_dispute(cast)
    return url("dispute-decide", dispute.pk), {"decision": "hide", "rationale": "Private."}


def _appeal(cast):
    return url("dispute-appeal", decided(cast).pk), {"statement": "Look again."}


def _decide_appeal(cast):
    dispute = decided(cast, moderator=cast.second_moderator)
    dispute_appeal(dispute=dispute, appellant=cast.rep, statement="Look again.")
    return url("dispute-decide-appeal", dispute.pk), {"decision": "hide", "rationale": "x"}


def _hide(cast):
    comment = comment_create(review=cast.review, author=cast.worker, text="Rude.")
    return url("comment-hide", comment.pk), {"reason": "Insult."}


OPERATIONS = {
    "reply": (_reply, lambda: RequesterReply.objects.exists(), {"rep"}),
    "open dispute": (_dispute, lambda: Dispute.objects.exists(), {"rep"}),
    "comment": (_comment, lambda: Comment.objects.exists(), EVERYONE_WHO_POSTS),
    "answer": (
        _answer,
        lambda: Dispute.objects.exclude(author_answered_at=None).exists(),
        {"author"},
    ),
    "decide": (
        _decide,
        lambda: Dispute.objects.filter(decision="hide").exists(),
        {"moderator", "admin"},
    ),
    "appeal": (_appeal, lambda: Dispute.objects.filter(status="appealed").exists(), {"rep"}),
    "decide appeal": (
        _decide_appeal,
        lambda: Dispute.objects.filter(status="closed").exists(),
        {"moderator", "admin"},
    ),
    "hide comment": (
        _hide,
        lambda: Comment.objects.filter(status="hidden").exists(),
        {"moderator", "admin"},
    ),
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_each_api_operation_is_allowed_to_exactly_the_right_people(
    cast, as_person, operation, person
):
    target, happened, allowed = OPERATIONS[operation]
    endpoint, body = target(cast)

    response = as_person(person).post(endpoint, body)

    if person in allowed:
        assert response.status_code in (200, 201), response.json()
        assert happened()
    else:
        assert response.status_code == (401 if person == "stranger" else 403), response.json()
        assert not happened()
        assert response.json()["detail"]


@pytest.mark.parametrize("person", PEOPLE)
def test_a_dispute_is_readable_by_its_parties_and_moderators_only(cast, as_person, person):
    dispute = open_dispute(cast)

    response = as_person(person).get(url("dispute-detail", dispute.pk))

    expected = {"stranger": 401, "worker": 404, "other_rep": 404}.get(person, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["statement"] == "Our records show an approval."


@pytest.mark.parametrize("person", PEOPLE)
def test_anyone_can_read_the_comments_of_a_published_review(cast, as_person, person):
    comment_create(review=cast.review, author=cast.worker, text="Same for me.")

    response = as_person(person).get(url("review-comments", cast.review.pk))

    assert response.status_code == 200
    assert [c["text"] for c in response.json()["comments"]] == ["Same for me."]


# --- Answers ------------------------------------------------------------------------------


def test_a_reply_answers_with_the_reply_marked_by_its_requester(cast, as_person):
    response = as_person("rep").post(*_reply(cast))

    assert response.status_code == 201
    body = response.json()
    assert body["requester_name"] == "Psychology Lab"
    assert body["author"] == "lab-team"
    assert body["review_id"] == cast.review.pk


def test_a_second_reply_is_refused_with_a_clear_error(cast, as_person):
    reply_create(review=cast.review, author=cast.rep, text="First.")

    response = as_person("rep").post(*_reply(cast))

    assert response.status_code == 400
    assert "already has the requester's reply" in response.json()["detail"]


def test_the_dispute_lifecycle_through_the_api(cast, as_person):
    rep, author = as_person("rep"), as_person("author")
    first, second = as_person("moderator"), as_person("second_moderator")

    opened = rep.post(*_dispute(cast))
    assert opened.status_code == 201
    dispute_id = opened.json()["id"]
    assert opened.json()["status"] == "open"
    assert opened.json()["decision"] is None

    answered = author.post(url("dispute-answer", dispute_id), {"text": "It was rejected."})
    assert answered.json()["author_answer"] == "It was rejected."

    body = {"decision": "hide", "rationale": "It names a person."}
    decided_ = first.post(url("dispute-decide", dispute_id), body)
    assert decided_.status_code == 200
    assert (decided_.json()["status"], decided_.json()["decided_by"]) == ("decided", "fair-mod")
    again = second.post(url("dispute-decide", dispute_id), body)
    assert again.status_code == 400
    assert "already decided" in again.json()["detail"]

    appeal = {"statement": "I removed the name."}
    appealed = author.post(url("dispute-appeal", dispute_id), appeal)
    assert appealed.json()["appealed_by"] == "review_author"
    assert author.post(url("dispute-appeal", dispute_id), appeal).status_code == 400

    verdict = {"decision": "uphold", "rationale": "The name is gone."}
    same = first.post(url("dispute-decide-appeal", dispute_id), verdict)
    assert same.status_code == 403
    assert "different moderator" in same.json()["detail"]
    closed = second.post(url("dispute-decide-appeal", dispute_id), verdict)
    assert closed.status_code == 200
    assert (closed.json()["status"], closed.json()["appeal_decided_by"]) == (
        "closed",
        "second-mod",
    )
    assert second.post(url("dispute-decide-appeal", dispute_id), verdict).status_code == 400

    assert Review.objects.get(pk=cast.review.pk).status == "published"
    assert list(
        ModerationAction.objects.filter(dispute_id=dispute_id)
        .order_by("id")
        .values_list("kind", flat=True)
    ) == ["dispute_decide", "appeal_decide"]


def test_invalid_input_is_refused_field_by_field(cast, as_person):
    response = as_person("rep").post(
        url("review-disputes", cast.review.pk), {"ground": "rude", "statement": ""}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"ground", "statement"}


def test_unknown_ids_answer_404(as_person, cast):
    assert as_person("rep").post(url("review-reply", 999999), {"text": "x"}).status_code == 404
    assert as_person("moderator").get(url("dispute-detail", 999999)).status_code == 404
    assert (
        as_person("moderator").post(url("comment-hide", 999999), {"reason": "x"}).status_code == 404
    )


def test_locked_replies_refuse_comments(cast, as_person):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)

    response = as_person("worker").post(*_comment(cast))

    assert response.status_code == 400
    assert "locked replies" in response.json()["detail"]
    assert not Comment.objects.exists()


def test_a_suspended_worker_is_refused_on_every_posting_endpoint(cast, as_person):
    to_appeal = decided(cast, decision="hide")
    cast.review = ReviewFactory(author=cast.author, requester=cast.review.requester)
    to_answer = open_dispute(cast)
    for user in (cast.rep, cast.author, cast.worker):
        user.profile.posting_suspended_until = timezone.now() + timedelta(days=2)
        user.profile.save()
    rep, author = as_person("rep"), as_person("author")

    answers = [
        rep.post(*_reply(cast)),
        rep.post(url("review-disputes", cast.review.pk), {"ground": "false", "statement": "x"}),
        as_person("worker").post(*_comment(cast)),
        author.post(url("dispute-answer", to_answer.pk), {"text": "x"}),
        author.post(url("dispute-appeal", to_appeal.pk), {"statement": "x"}),
    ]

    for response in answers:
        assert response.status_code == 403
        assert "suspended" in response.json()["detail"]
    assert not RequesterReply.objects.exists() and not Comment.objects.exists()
    assert Dispute.objects.filter(status="appealed").count() == 0
    assert Dispute.objects.exclude(author_answered_at=None).count() == 0


def test_comments_say_which_side_is_speaking_and_hide_hidden_text(cast, as_person):
    comment_create(review=cast.review, author=cast.rep, text="We are on it.")
    rude = comment_create(review=cast.review, author=cast.worker, text="Rude.")
    comment_hide(comment=rude, moderator=cast.moderator, reason="Insult.")

    public = as_person("stranger").get(url("review-comments", cast.review.pk)).json()
    moderator = as_person("admin").get(url("review-comments", cast.review.pk)).json()

    assert [(c["author_role"], c["text"], c["status"]) for c in public["comments"]] == [
        ("requester_representative", "We are on it.", "visible"),
        ("worker", None, "hidden"),
    ]
    assert moderator["comments"][1]["text"] == "Rude."


# --- Privacy ------------------------------------------------------------------------------


def test_requesters_never_get_the_reviewers_e_mail_or_user_id(cast, as_person):
    dispute = open_dispute(cast)
    comment_create(review=cast.review, author=cast.author, text="Still true.")
    reply_create(review=cast.review, author=cast.rep, text="Hello.")
    rep = as_person("rep")

    answers = [
        rep.get(url("dispute-detail", dispute.pk)),
        rep.get(url("review-comments", cast.review.pk)),
    ]

    for response in answers:
        text = response.content.decode()
        assert cast.author.email not in text
        assert cast.author.username not in text
        assert '"author_id"' not in text and '"user_id"' not in text
    assert answers[0].json()["review_author"] == "early-bird"
