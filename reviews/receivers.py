"""Every account gets a profile, however it was made (signup, admin, createsuperuser)."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def ensure_profile(sender, instance, created, **kwargs) -> None:
    if created:
        from reviews.services.profiles import profile_ensure

        profile_ensure(user=instance)
