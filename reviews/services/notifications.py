from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from reviews.models import Notification


def notify(*, user, kind: str, message: str, url: str = "") -> Notification | None:
    """Tell someone something: a row in their notification list, and an e-mail after commit.
    A deleted account is told nothing (None): nobody would read it.

    The message must not name anyone the recipient may not know (flaggers, review authors'
    accounts): it is written for the recipient.
    """
    profile = getattr(user, "profile", None)
    if profile is not None and profile.deleted_at is not None:
        return None
    notification = Notification.objects.create(user=user, kind=kind, message=message, url=url)
    if user.email:
        transaction.on_commit(
            lambda: send_mail(
                subject=f"[{settings.SITE_NAME}] {message[:80]}",
                message=f"{message}\n\n{url}" if url else message,
                from_email=None,
                recipient_list=[user.email],
                fail_silently=True,
            )
        )
    return notification


def notifications_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications, or all of them, as read; returns how many.

    Only the user's own: someone else's id changes nothing. Allowed while suspended, since
    reading the notice of a suspension is not posting.
    """
    if user is None or not user.is_authenticated:
        return 0
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
