"""Receivers of the domain's own signals: every account gets a profile, however it was made
(signup, admin, createsuperuser); every review change marks its requester's score as due."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from reviews.signals import review_changed


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def ensure_profile(sender, instance, created, **kwargs) -> None:
    if created:
        from reviews.services.profiles import profile_ensure

        profile_ensure(user=instance)


@receiver(review_changed, dispatch_uid="reviews.mark_score_due_on_review_changed")
def mark_score_due(sender, requester_id: int, **kwargs) -> None:
    """In the changing transaction: the durable record that a recompute is due."""
    from reviews.services.score_due import score_due_mark

    score_due_mark(requester_id)
