"""The unread-notification count in the navigation, counted only where the nav shows it."""

from django import template

from reviews.selectors.moderation import notifications_unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    return notifications_unread_count(user=user)
