"""Example requests and answers for the read API's documentation (and nothing else)."""

WINDOW_ALL = {
    "n": 12,
    "last_review_at": 1700000000.0,
    "confidence": "medium",
    "wage": {
        "median": 5.81,
        "p25": 4.93,
        "p75": 7.07,
        "pooled": 5.81,
        "n": 12,
        "pay_total": 18.0,
        "seconds_total": 11160,
    },
    "rates": {
        "rejected": {"count": 3, "total": 12, "low": 0.0889, "high": 0.5324},
        "blocked": {"count": 0, "total": 12, "low": 0.0, "high": 0.2425},
        "recommend": {"count": 9, "total": 12, "low": 0.4676, "high": 0.9111},
        "responsive": {"count": 4, "total": 4, "low": 0.5101, "high": 1.0},
        "tos": {"count": 0, "total": 12, "low": 0.0, "high": 0.2425},
        "broken": {"count": 0, "total": 12, "low": 0.0, "high": 0.2425},
        "unpaid_screener": {"count": 0, "total": 12, "low": 0.0, "high": 0.2425},
    },
    "approval": {"median_seconds": 86400.0, "n": 12, "pending": 0},
    "ratings": {
        "pay": {"mean": 4.0, "n": 12, "bayes": 3.7474, "confidence": "medium"},
        "fair": {"mean": 5.0, "n": 12, "bayes": 4.5579, "confidence": "medium"},
        "fast": {"mean": 4.0, "n": 12, "bayes": 3.8421, "confidence": "medium"},
        "comm": {"mean": 3.5, "n": 12, "bayes": 3.3769, "confidence": "medium"},
    },
}
WINDOW_RECENT = {
    "n": 10,
    "last_review_at": 1700000000.0,
    "confidence": "medium",
    "wage": {
        "median": 6.21,
        "p25": 5.38,
        "p75": 7.36,
        "pooled": 6.21,
        "n": 10,
        "pay_total": 15.0,
        "seconds_total": 8700,
    },
    "rates": {
        "rejected": {"count": 2, "total": 10, "low": 0.0566, "high": 0.5099},
        "blocked": {"count": 0, "total": 10, "low": 0.0, "high": 0.2776},
        "recommend": {"count": 7, "total": 10, "low": 0.3967, "high": 0.8923},
        "responsive": {"count": 4, "total": 4, "low": 0.5101, "high": 1.0},
        "tos": {"count": 0, "total": 10, "low": 0.0, "high": 0.2776},
        "broken": {"count": 0, "total": 10, "low": 0.0, "high": 0.2776},
        "unpaid_screener": {"count": 0, "total": 10, "low": 0.0, "high": 0.2776},
    },
    "approval": {"median_seconds": 86400.0, "n": 10, "pending": 0},
    "ratings": {
        "pay": {"mean": 4.0, "n": 10, "bayes": 3.7182, "confidence": "medium"},
        "fair": {"mean": 5.0, "n": 10, "bayes": 4.5069, "confidence": "medium"},
        "fast": {"mean": 4.0, "n": 10, "bayes": 3.8239, "confidence": "medium"},
        "comm": {"mean": 3.5, "n": 10, "bayes": 3.3622, "confidence": "medium"},
    },
}
SNAPSHOT = {
    "platform": "mturk",
    "id": "A1B2C3D4E5F6G7",
    "name": "Psychology Lab",
    "version": 7,
    "computed_at": "2024-05-01T12:00:00.123456+00:00",
    "all": WINDOW_ALL,
    "recent": WINDOW_RECENT,
}
LOOKUP_ANSWER = {
    "platform": "mturk",
    "ready": True,
    "degraded": False,
    "results": [
        {"status": "found", "n": 12, "confidence": "medium", **SNAPSHOT},
        {"status": "not_found", "id": "A9Z8Y7X6W5V4U3"},
        {"status": "invalid_id", "id": "not-an-id"},
    ],
}
# Redis down: the same items, from this server's memory or from PostgreSQL.
LOOKUP_DEGRADED = {**LOOKUP_ANSWER, "degraded": True}
COMPACT_WINDOW = {
    "n": 12,
    "wage": 9.5,
    "wage_n": 11,
    "rejected": 8.3,
    "blocked": 0.0,
    "recommend": 91.7,
}
COMPACT_ANSWER = {
    "platform": "mturk",
    "ready": True,
    "degraded": False,
    "fields": "compact",
    "results": [
        {
            "status": "found",
            "id": "A1B2C3D4E5F6G7",
            "n": 12,
            "confidence": "medium",
            "all": COMPACT_WINDOW,
            "recent": {**COMPACT_WINDOW, "n": 5, "wage_n": 5, "rejected": 0.0},
        },
        {"status": "not_found", "id": "A9Z8Y7X6W5V4U3"},
        {"status": "invalid_id", "id": "not-an-id"},
    ],
}
COMPACT_EXPORT = {
    "format": 1,
    "fields": "compact",
    "created_at": "2024-05-01T04:00:00+00:00",
    "platforms": {"mturk": [COMPACT_ANSWER["results"][0]], "prolific": []},
    "requester_count": 1,
}
LOOKUP_REQUEST = {"platform": "mturk", "ids": ["A1B2C3D4E5F6G7", "A9Z8Y7X6W5V4U3", "not-an-id"]}
TOO_MANY_IDS = {
    "detail": "Some fields are not valid; see `errors`.",
    "code": "invalid",
    "errors": {"ids": ["At most 100 ids per request; this one has 150. Split it up."]},
}
UNKNOWN_PLATFORM = {
    "detail": "Some fields are not valid; see `errors`.",
    "code": "invalid",
    "errors": {
        "platform": ["Unknown platform “mturkk”. Known: clickworker, connect, mturk, prolific."]
    },
}
THROTTLED = {
    "detail": "Request was throttled. Expected available in 12 seconds.",
    "code": "throttled",
}
NOT_FOUND = {"detail": "Not found.", "code": "not_found"}
SCORES_UNAVAILABLE = {
    "detail": "Scores are briefly unavailable; try again in a few seconds.",
    "code": "scores_unavailable",
}
REQUESTER_DETAIL = {
    "platform": "mturk",
    "id": "A1B2C3D4E5F6G7",
    "name": "Psychology Lab",
    "aliases": ["Psych Lab (old name)"],
    "created_at": "2023-02-11T09:30:00+00:00",
    "score": {
        "version": 7,
        "computed_at": "2024-05-01T12:00:00.123456+00:00",
        "all": WINDOW_ALL,
        "recent": WINDOW_RECENT,
    },
    "degraded": False,
}
REVIEW = {
    "id": 4211,
    "created_at": "2024-04-30T18:02:11+00:00",
    "author": "night_owl",
    "task_title": "Decision-making survey (10 minutes)",
    "task_id": "3XYZGROUP",
    "reward": "2.00",
    "bonus": "0.50",
    "currency": "USD",
    "time_worked_seconds": 720,
    "did_not_finish": False,
    "hourly_wage": "12.50",
    "outcome": "approved",
    "approval_seconds": 86400,
    "blocked": False,
    "communication": "not_contacted",
    "recommend": True,
    "recommend_reason": "Paid fairly and approved within a day.",
    "tos_violation": False,
    "tos_context": "",
    "broken_task": False,
    "broken_context": "",
    "unpaid_screener": False,
    "ratings": {"pay": 4, "fair": 5, "fast": 5, "comm": None},
    "text": "Clear instructions, attention checks were fair.",
}
REVIEWS_PAGE = {
    "next": "https://lantern.example/api/v1/requesters/mturk/A1B2C3D4E5F6G7/reviews?cursor=cD0yMDI0",
    "previous": None,
    "results": [REVIEW],
}
PLATFORMS = [
    {
        "slug": "mturk",
        "name": "Amazon Mechanical Turk",
        "url": "https://www.mturk.com/",
        "currency": "USD",
        "requester_id_pattern": "A[A-Z0-9]{9,}",
        "requester_id_hint": (
            "“A” followed by 9 or more capital letters or digits, e.g. A1B2C3D4E5F6G7"
        ),
    }
]
STATUS = {
    "version": "0.1.0",
    "degraded": False,
    "cache_reachable": True,
    "database_reachable": True,
    "scores": {
        "ready": True,
        "published_at": "2024-05-01T03:15:00+00:00",
        "newest_computed_at": "2024-05-01T12:00:00.123456+00:00",
        "generation": 18342,
    },
}
STATUS_DEGRADED = {
    "version": "0.1.0",
    "degraded": True,
    "cache_reachable": False,
    "database_reachable": True,
    "scores": {
        "ready": False,
        "published_at": None,
        "newest_computed_at": "2024-05-01T12:00:00.123456+00:00",
        "generation": None,
    },
}
EXPORT_NOT_READY = {
    "detail": "No score export has been built yet. It is built daily; try again later.",
    "code": "export_not_ready",
}
TO1_ANSWER = {
    "A1B2C3D4E5F6G7": {
        "name": "Psychology Lab",
        "attrs": {"comm": "3.50", "pay": "4.00", "fair": "5.00", "fast": "4.00"},
        "reviews": 12,
        "tos_flags": 0,
    },
    "A9Z8Y7X6W5V4U3": "",
}
TO2_WINDOW_ALL = {
    "reward": [18.0, 11160, 12],
    "pending": 86400.0,
    "comm": [4, 4, 12],
    "recommend": [9, 12, 12],
    "rejected": [3, 12, 12],
    "tos": [0, 12],
    "broken": [0, 12],
}
TO2_WINDOW_RECENT = {
    "reward": [15.0, 8700, 10],
    "pending": 86400.0,
    "comm": [4, 4, 10],
    "recommend": [7, 10, 10],
    "rejected": [2, 10, 10],
    "tos": [0, 10],
    "broken": [0, 10],
}
TO2_RESOURCE = {
    "type": "requesters",
    "id": "A1B2C3D4E5F6G7",
    "attributes": {
        "name": "Psychology Lab",
        "rid": "A1B2C3D4E5F6G7",
        "aliases": ["Psych Lab (old name)"],
        "aggregates": {"all": TO2_WINDOW_ALL, "recent": TO2_WINDOW_RECENT},
    },
}
TO2_LIST = {"data": [TO2_RESOURCE], "status": 200}
TO2_DETAIL = {"data": TO2_RESOURCE, "status": 200}
TO2_LIST_DEGRADED = {"meta": {"degraded": True}, **TO2_LIST}
TO2_NOT_FOUND = {
    "errors": [{"status": "404", "title": "Not found", "detail": "No requester A9Z8Y7X6W5V4U3."}],
    "status": 404,
}
