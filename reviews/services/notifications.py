from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from reviews.models import Notification


def notify(*, user, kind: str, message: str, url: str = "") -> Notification:
    """Tell someone something: a row in their notification list, and an e-mail after commit.

    The message must not name anyone the recipient may not know (flaggers, review authors'
    accounts): it is written for the recipient.
    """
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
