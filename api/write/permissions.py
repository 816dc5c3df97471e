from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from reviews.services.profiles import ensure_can_post


class CanPost(BasePermission):
    """A token holder who may write right now: verified e-mail, not suspended.

    No token gives 401 (DRF turns a refusal of an anonymous request into NotAuthenticated);
    anyone else refused gets 403 with the reason the domain gives.
    """

    message = "You can't write right now."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        try:
            ensure_can_post(request.user)
        except PermissionDenied as exc:
            self.message = str(exc)
            return False
        return True
