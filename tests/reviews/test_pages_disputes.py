"""The web pages for replies, disputes and comments: who gets which form, who is refused
(forged POSTs included), what each side sees, and that reviewers' e-mails never show."""

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import Comment, Dispute, ModerationAction, RequesterReply, Review
from reviews.services.comments import comment_create, comment_hide
from reviews.services.disputes import (
    dispute_answer,
    dispute_appeal,
    dispute_decide,
    dispute_open,
)
from reviews.services.replies import reply_create
from tests.discussion_cast import PEOPLE, make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def browser(cast, person: str) -> Client:
    client = Client()
    if person != "stranger":
        client.force_login(cast.person(person))
    return client


def review_page(cast) -> str:
    return reverse("reviews:review_detail", args=[cast.review.pk])


def open_dispute(cast) -> Dispute:
    return dispute_open(
        review=cast.review,
        representative=cast.rep,
        ground="false",
        statement="Our records show an approval.",
    )


def decide(cast, dispute, decision="uphold", moderator=None) -> Dispute:
    return dispute_decide(
        dispute=dispute,
        moderator=moderator or cast.moderator,
        decision=decision,
        rationale="The review matches the records.",
    )


def sent_to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response["Location"]


# --- Forged and ordinary POSTs: the permission matrix -------------------------------------


def _post_reply(cast, client):
    return client.post(
        reverse("reviews:reply_new", args=[cast.review.pk]), {"text": "We paid everyone."}
    )


def _post_dispute(cast, client):
    return client.post(
        reverse("reviews:dispute_new", args=[cast.review.pk]),
        {"ground": "false", "statement": "It is false."},
    )


def _post_comment(cast, client):
    return client.post(
        reverse("reviews:comment_new", args=[cast.review.pk]), {"text": "Same for me."}
    )


def _post_answer(cast, client):
    dispute = open_dispute(cast)
    return client.post(
        reverse("reviews:dispute_answer", args=[dispute.pk]), {"text": "It happened."}
    )


def _post_decide(cast, client):
    dispute = open_dispute(cast)
    return client.post(
        reverse("reviews:dispute_decide", args=[dispute.pk]),
        {"decision": "hide", "rationale": "Private details."},
    )


def _post_appeal(cast, client):
    dispute = decide(cast, open_dispute(cast), "uphold")
    return client.post(
        reverse("reviews:dispute_appeal", args=[dispute.pk]), {"statement": "Look again."}
    )


def _post_decide_appeal(cast, client):
    dispute = decide(cast, open_dispute(cast), "uphold", moderator=cast.second_moderator)
    dispute = dispute_appeal(dispute=dispute, appellant=cast.rep, statement="Look again.")
    return client.post(
        reverse("reviews:dispute_decide_appeal", args=[dispute.pk]),
        {"decision": "hide", "rationale": "On appeal."},
    )


def _post_hide(cast, client):
    comment = comment_create(review=cast.review, author=cast.worker, text="Insult.")
    return client.post(reverse("reviews:comment_hide", args=[comment.pk]), {"reason": "Rude."})


def _replied() -> bool:
    return RequesterReply.objects.exists()


def _disputed() -> bool:
    return Dispute.objects.exists()


def _commented() -> bool:
    return Comment.objects.exists()


def _answered() -> bool:
    return Dispute.objects.filter(author_answered_at__isnull=False).exists()


def _decided() -> bool:
    return Dispute.objects.filter(status="decided", decision="hide").exists()


def _appealed() -> bool:
    return Dispute.objects.filter(status="appealed").exists()


def _appeal_decided() -> bool:
    return Dispute.objects.filter(status="closed").exists()


def _hidden() -> bool:
    return Comment.objects.filter(status="hidden").exists()


# operation: (send the POST, did it happen?, who may do it)
OPERATIONS = {
    "reply": (_post_reply, _replied, {"rep"}),
    "open dispute": (_post_dispute, _disputed, {"rep"}),
    "comment": (
        _post_comment,
        _commented,
        {"worker", "author", "other_rep", "rep", "moderator", "admin"},
    ),
    "answer": (_post_answer, _answered, {"author"}),
    "decide": (_post_decide, _decided, {"moderator", "admin"}),
    "appeal an uphold": (_post_appeal, _appealed, {"rep"}),
    "decide the appeal": (_post_decide_appeal, _appeal_decided, {"moderator", "admin"}),
    "hide a comment": (_post_hide, _hidden, {"moderator", "admin"}),
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_each_page_operation_is_allowed_to_exactly_the_right_people(cast, operation, person):
    send, happened, allowed = OPERATIONS[operation]

    response = send(cast, browser(cast, person))

    if person in allowed:
        assert response.status_code == 302, response.content.decode()[:500]
        assert happened()
    elif person == "stranger":
        assert sent_to_login(response)
        assert not happened()
    else:
        assert response.status_code == 403
        assert not happened()


@pytest.mark.parametrize("person", PEOPLE)
def test_a_dispute_page_is_seen_by_its_parties_and_moderators_only(cast, person):
    dispute = open_dispute(cast)

    response = browser(cast, person).get(reverse("reviews:dispute_detail", args=[dispute.pk]))

    if person == "stranger":
        assert sent_to_login(response)
    elif person in ("author", "rep", "moderator", "admin"):
        assert response.status_code == 200
        assert "Our records show an approval." in response.content.decode()
    else:
        assert response.status_code == 404


def test_a_refused_page_post_says_why(cast):
    response = _post_decide(cast, browser(cast, "rep"))

    assert response.status_code == 403
    assert "Only moderators can do this." in response.content.decode()


def test_every_form_needs_its_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.worker)

    response = client.post(
        reverse("reviews:comment_new", args=[cast.review.pk]), {"text": "No token."}
    )

    assert response.status_code == 403
    assert not Comment.objects.exists()


# --- The review page ----------------------------------------------------------------------


def test_the_review_page_shows_the_requesters_reply_marked_as_such(cast):
    reply_create(review=cast.review, author=cast.rep, text="We fixed the link.")

    page = Client().get(review_page(cast)).content.decode()

    assert "Reply from the requester" in page
    assert "We fixed the link." in page
    assert 'id="requester-reply"' in page


def test_the_review_page_shows_comments_and_marks_the_sides(cast):
    comment_create(review=cast.review, author=cast.worker, text="Same for me.")
    comment_create(review=cast.review, author=cast.rep, text="We are looking into it.")
    comment_create(review=cast.review, author=cast.author, text="Thanks.")

    page = Client().get(review_page(cast)).content.decode()

    assert "Same for me." in page
    assert "(speaks for the requester)" in page
    assert "(the review's author)" in page
    assert "Comments (3)" in page


def test_comment_text_is_escaped(cast):
    comment_create(review=cast.review, author=cast.worker, text="<script>alert(1)</script>")

    page = Client().get(review_page(cast)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_worker_gets_a_comment_form_with_a_csrf_token(cast):
    page = browser(cast, "worker").get(review_page(cast)).content.decode()

    assert f'action="{reverse("reviews:comment_new", args=[cast.review.pk])}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Open a dispute" not in page
    assert "Post the requester's reply" not in page


def test_a_stranger_is_invited_to_log_in_to_comment(cast):
    page = Client().get(review_page(cast)).content.decode()

    assert "to comment" in page
    assert 'name="csrfmiddlewaretoken"' not in page.split('id="comments"')[1]


def test_locked_replies_show_instead_of_the_comment_form(cast):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)

    page = browser(cast, "worker").get(review_page(cast)).content.decode()

    assert "Replies locked" in page
    assert reverse("reviews:comment_new", args=[cast.review.pk]) not in page


def test_locked_replies_refuse_a_forged_comment_post(cast):
    Review.objects.filter(pk=cast.review.pk).update(replies_locked=True)

    response = _post_comment(cast, browser(cast, "worker"))

    assert response.status_code == 200
    assert "locked replies" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_representative_gets_the_reply_and_dispute_forms(cast):
    page = browser(cast, "rep").get(review_page(cast)).content.decode()

    assert f'action="{reverse("reviews:reply_new", args=[cast.review.pk])}"' in page
    assert f'action="{reverse("reviews:dispute_new", args=[cast.review.pk])}"' in page
    assert "The review is false" in page


def test_a_representative_of_another_requester_gets_neither_form(cast):
    page = browser(cast, "other_rep").get(review_page(cast)).content.decode()

    assert reverse("reviews:reply_new", args=[cast.review.pk]) not in page
    assert reverse("reviews:dispute_new", args=[cast.review.pk]) not in page


def test_after_replying_the_reply_form_is_gone(cast):
    reply_create(review=cast.review, author=cast.rep, text="Done.")

    page = browser(cast, "rep").get(review_page(cast)).content.decode()

    assert reverse("reviews:reply_new", args=[cast.review.pk]) not in page


def test_a_second_reply_message_is_shown_on_the_review_page(cast):
    reply_create(review=cast.review, author=cast.rep, text="Done.")
    client = browser(cast, "rep")

    page = client.post(
        reverse("reviews:reply_new", args=[cast.review.pk]), {"text": "Again."}, follow=True
    ).content.decode()

    assert "already has the requester&#x27;s reply" in page
    assert RequesterReply.objects.get().text == "Done."


def test_the_decisions_public_rationale_appears_on_the_review_page(cast):
    decide(cast, open_dispute(cast), "uphold")

    page = Client().get(review_page(cast)).content.decode()

    assert "Disputed by the requester" in page
    assert "Review upheld" in page
    assert "The review matches the records." in page
    assert "Our records show an approval." not in page  # the statement stays private


def test_the_public_does_not_learn_of_a_dispute_in_progress(cast):
    open_dispute(cast)

    assert "in progress" not in Client().get(review_page(cast)).content.decode()
    assert "in progress" in browser(cast, "author").get(review_page(cast)).content.decode()


def test_a_moderator_sees_hide_links_and_hidden_comment_text(cast):
    comment = comment_create(review=cast.review, author=cast.worker, text="Rude words.")
    visible = comment_create(review=cast.review, author=cast.worker, text="Fine words.")
    comment_hide(comment=comment, moderator=cast.admin, reason="Rude.")

    moderator_page = browser(cast, "moderator").get(review_page(cast)).content.decode()
    public_page = Client().get(review_page(cast)).content.decode()

    assert "Rude words." in moderator_page
    assert reverse("reviews:comment_hide", args=[visible.pk]) in moderator_page
    assert "Rude words." not in public_page
    assert "A moderator hid this comment" in public_page


def test_an_empty_comment_shows_the_form_again_with_the_error(cast):
    response = browser(cast, "worker").post(
        reverse("reviews:comment_new", args=[cast.review.pk]), {"text": " "}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


# --- The dispute page ---------------------------------------------------------------------


def dispute_page(client, dispute) -> str:
    return client.get(reverse("reviews:dispute_detail", args=[dispute.pk])).content.decode()


def test_the_dispute_page_shows_each_party_its_own_forms(cast):
    dispute = open_dispute(cast)

    assert reverse("reviews:dispute_answer", args=[dispute.pk]) in dispute_page(
        browser(cast, "author"), dispute
    )
    assert reverse("reviews:dispute_decide", args=[dispute.pk]) in dispute_page(
        browser(cast, "moderator"), dispute
    )
    rep_page = dispute_page(browser(cast, "rep"), dispute)
    assert '<form method="post" action="/disputes/' not in rep_page


def test_the_dispute_page_shows_statement_answer_decision_appeal_and_timeline(cast):
    dispute = open_dispute(cast)
    dispute_answer(dispute=dispute, author=cast.author, text="It was rejected first.")
    dispute = decide(cast, dispute, "ask_edit")
    dispute_appeal(dispute=dispute, appellant=cast.author, statement="I stand by it.")

    page = dispute_page(browser(cast, "rep"), dispute)

    for text in (
        "Our records show an approval.",
        "It was rejected first.",
        "Author asked to edit",
        "The review matches the records.",
        "I stand by it.",
        "Appealed by the review&#x27;s author",
        "fair-mod",
    ):
        assert text in page
    assert reverse("reviews:dispute_decide_appeal", args=[dispute.pk]) in dispute_page(
        browser(cast, "second_moderator"), dispute
    )
    assert reverse("reviews:dispute_decide_appeal", args=[dispute.pk]) not in dispute_page(
        browser(cast, "moderator"), dispute
    )


def test_a_second_decision_from_the_page_is_refused_with_a_message(cast):
    dispute = open_dispute(cast)
    client = browser(cast, "moderator")
    url = reverse("reviews:dispute_decide", args=[dispute.pk])
    client.post(url, {"decision": "uphold", "rationale": "First."})

    page = client.post(url, {"decision": "hide", "rationale": "Second."}, follow=True)

    assert "already decided" in page.content.decode()
    assert ModerationAction.objects.filter(kind="dispute_decide").count() == 1
    assert Dispute.objects.get().rationale == "First."


def test_a_decision_without_rationale_shows_the_form_again(cast):
    dispute = open_dispute(cast)

    response = browser(cast, "moderator").post(
        reverse("reviews:dispute_decide", args=[dispute.pk]), {"decision": "hide"}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Dispute.objects.get().status == "open"


def test_opening_a_dispute_from_the_page_leads_to_the_dispute(cast):
    response = _post_dispute(cast, browser(cast, "rep"))

    dispute = Dispute.objects.get()
    assert response["Location"] == reverse("reviews:dispute_detail", args=[dispute.pk])


# --- Privacy ------------------------------------------------------------------------------


def test_requesters_never_see_the_reviewers_e_mail(cast):
    dispute = open_dispute(cast)
    dispute_answer(dispute=dispute, author=cast.author, text="It happened.")
    comment_create(review=cast.review, author=cast.author, text="Still true.")
    client = browser(cast, "rep")

    for page in (client.get(review_page(cast)).content.decode(), dispute_page(client, dispute)):
        assert cast.author.email not in page
        assert cast.author.username not in page
        assert "early-bird" in page  # the public pseudonym, and only that
