"""GET /api/v1/me/export and /api/v1/me/export/reviews.csv: everything Lantern holds about the
token's owner, the same files as the account page's downloads (reviews.views.account), streamed.

A token is needed (401 without one; a session cookie never counts), but neither a verified
e-mail nor freedom from suspension: one's own data is never withheld. Exports are heavy, so
they have their own per-user limit (API_RATE_EXPORT). Errors are JSON whatever the Accept
header asks for, since the success answer's type is fixed by the URL.
"""

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from api.me import schema
from api.throttles import WindowThrottle
from reviews.views.account import export_response


class ExportThrottle(WindowThrottle):
    """Exports per token holder (scope export)."""

    def identity(self, request) -> tuple[str, str]:
        return "export", f"u{request.user.pk}"


class JsonWhateverAccepted(BaseContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class _ExportView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [ExportThrottle]
    content_negotiation_class = JsonWhateverAccepted
    kind = ""

    def get(self, request):
        return export_response(request.user, self.kind)


@schema.EXPORT_JSON
class ExportJsonView(_ExportView):
    kind = "json"


@schema.EXPORT_CSV
class ExportCsvView(_ExportView):
    kind = "csv"
