from django.conf import settings
from django.db import models
from django.db.models import Q

from reviews.models.reviews import Review


class HelpfulVote(models.Model):
    """A worker found a review helpful. One live vote per account and review.

    A withdrawn vote keeps its row (with ``withdrawn_at``): the rate limit counts withdrawals
    too, so voting and un-voting in a loop is limited like voting, and the abuse sweep sees
    what a ring did even after it tidied up.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # The database, not a check in Python, keeps a double click to one vote.
            models.UniqueConstraint(
                fields=["review", "voter"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_helpful_vote_per_voter",
            )
        ]
        indexes = [
            models.Index(fields=["voter", "created_at"]),
            models.Index(fields=["created_at"]),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Helpful vote by {self.voter_id} on review {self.review_id}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
