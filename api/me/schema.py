"""OpenAPI documentation of the export endpoints: the JSON file's shape, with an example, and
the CSV's columns."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers

from api.schema_docs import error_response as _error
from api.write.schema import RETRY_AFTER, UNAUTHENTICATED
from reviews.selectors.own_data import FORMAT, REVIEW_COLUMNS

TAG = "Your data"


def _records(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.DictField(), help_text=help_text)


class AccountExportSerializer(serializers.Serializer):
    """Everything Lantern holds about the token's owner."""

    format = serializers.CharField(help_text=f"Always `{FORMAT}`.")
    version = serializers.IntegerField(help_text="The file format's version (1).")
    exported_at = serializers.DateTimeField()
    site = serializers.CharField()
    account = serializers.DictField(
        help_text="pseudonym, role, joined_at, last_login, posting_suspended_until, "
        "suspension_reason, email_addresses [{email, verified, primary}]."
    )
    reviews = _records(
        "Every review you wrote, whatever its status, oldest first: its facts, text, status, "
        "helpful_count, requester {platform, requester_id, name}, revisions [{number, "
        "edited_at, values_before}], requester_reply and the disputes about it as a party "
        "sees them (ground, statement, your_answer, decisions and rationales)."
    )
    flags = _records("Flags you raised: review_id, reason, explanation, status, dates.")
    comments = _records("Comments you wrote: review_id, text, status, created_at.")
    requester_replies = _records("Replies you wrote as a requester's representative.")
    disputes_opened = _records("Disputes you opened as a requester's representative.")
    requester_claims = _records("Your requester claims, with the contact you gave.")
    helpful_votes = _records("Helpful votes you cast: review_id, created_at, withdrawn_at.")
    api_tokens = _records(
        "Your tokens' names and dates (created_at, last_used_at, revoked_at); never a secret "
        "or a hash."
    )
    notifications = _records("kind, message, url, created_at, read_at.")
    network_records = _records(
        "When a write's network was recorded for the abuse checks (action, review_id, "
        "created_at); the keyed hashes themselves are not exported."
    )
    moderation_log = _records(
        "The public moderation log's entries about you or what you wrote, as the log shows "
        "them: kind, kind_label, moderator (pseudonym), reason, review_id, requester, account."
    )


EXAMPLE = {
    "format": FORMAT,
    "version": 1,
    "exported_at": "2025-03-14T09:30:00Z",
    "site": "Lantern",
    "account": {
        "pseudonym": "night-owl",
        "role": "worker",
        "joined_at": "2024-11-02T18:04:11Z",
        "last_login": "2025-03-14T08:55:02Z",
        "posting_suspended_until": None,
        "suspension_reason": "",
        "email_addresses": [{"email": "owl@example.org", "verified": True, "primary": True}],
    },
    "reviews": [
        {
            "id": 812,
            "url": "/reviews/812/",
            "requester": {
                "platform": "mturk",
                "requester_id": "A1B2C3D4E5F6G7",
                "name": "Psychology Lab",
            },
            "task_title": "Decision-making survey (10 minutes)",
            "reward": "2.00",
            "hourly_wage": "12.50",
            "outcome": "approved",
            "text": "Clear instructions, attention checks were fair.",
            "status": "published",
            "helpful_count": 3,
            "created_at": "2025-03-14T09:26:53Z",
            "revisions": [],
            "requester_reply": None,
            "disputes": [],
        }
    ],
    "flags": [],
    "comments": [],
    "requester_replies": [],
    "disputes_opened": [],
    "requester_claims": [],
    "helpful_votes": [
        {"review_id": 790, "created_at": "2025-03-10T12:00:00Z", "withdrawn_at": None}
    ],
    "api_tokens": [
        {
            "name": "Firefox",
            "created_at": "2025-01-05T10:00:00Z",
            "last_used_at": "2025-03-14T09:00:00Z",
            "revoked_at": None,
        }
    ],
    "notifications": [],
    "network_records": [
        {"action": "review_create", "review_id": 812, "created_at": "2025-03-14T09:26:53Z"}
    ],
    "moderation_log": [],
}

EXPORT_LIMITED = _error(
    "Too many exports (API_RATE_EXPORT per token holder); Retry-After says how long to wait.",
    (
        "Throttled",
        {
            "detail": "Request was throttled. Expected available in 1800 seconds.",
            "code": "throttled",
        },
    ),
)
DESCRIPTION = (
    " Needs a token, but no verified e-mail and no freedom from suspension: your own data is "
    "never withheld. Streamed, so a large history starts arriving at once. Sent with "
    "`Content-Disposition: attachment` and `Cache-Control: no-store`."
)

EXPORT_JSON = extend_schema(
    tags=[TAG],
    summary="Download everything Lantern holds about you (JSON)",
    description="The same file as “All your data” on the account page." + DESCRIPTION,
    parameters=[RETRY_AFTER],
    responses={
        200: OpenApiResponse(
            AccountExportSerializer,
            description="Your data.",
            examples=[OpenApiExample("Export", value=EXAMPLE, response_only=True)],
        ),
        401: UNAUTHENTICATED,
        429: EXPORT_LIMITED,
    },
)

CSV_EXAMPLE = ",".join(REVIEW_COLUMNS) + "\r\n812,2025-03-14T09:26:53+00:00,…\r\n"

EXPORT_CSV = extend_schema(
    tags=[TAG],
    summary="Download your reviews (CSV)",
    description=(
        "Your reviews, one row each, oldest first, for a spreadsheet: UTF-8 with a byte-order "
        "mark, RFC 4180 quoting, CRLF line ends; yes/no for booleans, ISO 8601 times. A text "
        "cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading "
        "apostrophe, so that no spreadsheet runs it as a formula. Columns: "
        + ", ".join(f"`{c}`" for c in REVIEW_COLUMNS)
        + "."
        + DESCRIPTION
    ),
    parameters=[RETRY_AFTER],
    responses={
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description="Your reviews as CSV.",
            examples=[OpenApiExample("CSV", value=CSV_EXAMPLE, response_only=True)],
        ),
        (401, "application/json"): UNAUTHENTICATED,
        (429, "application/json"): EXPORT_LIMITED,
    },
)
