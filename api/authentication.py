"""The API's only authentication: a personal token in the Authorization header.

Cookies never authenticate an API call, so a page on another site can't make a logged-in
browser write through the API, and the API needs no CSRF token.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from reviews.services.tokens import token_authenticate

# "Token" is what DRF clients expect; "Bearer" is what most HTTP libraries send.
KEYWORDS = ("token", "bearer")
REFUSAL = "Invalid or revoked API token. Create a new one at /account/tokens/."


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <secret>` (or `Bearer <secret>`).

    No header, or another scheme, leaves the request anonymous (reads need no account);
    a token that doesn't work is refused with 401 rather than ignored, so a client with a
    revoked token learns it at once.
    """

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                "Malformed Authorization header: send `Token <secret>` with no spaces "
                "in the secret."
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(REFUSAL) from None
        user = token_authenticate(secret=secret)
        if user is None:
            raise AuthenticationFailed(REFUSAL)
        return user, None

    def authenticate_header(self, request) -> str:
        # A WWW-Authenticate challenge makes DRF answer 401 (not 403) to a missing token.
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents ApiTokenAuthentication as the `ApiToken` security scheme."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A personal API token, created at /account/tokens/, sent as "
                "`Authorization: Token <secret>` (`Bearer <secret>` works too)."
            ),
        }
