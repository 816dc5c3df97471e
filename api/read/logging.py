"""A logging filter for `manage.py runserver`'s request lines ("django.server" logger).

runserver logs `"GET /api/v1/requesters/scores?platform=mturk&ids=… HTTP/1.1" 200`, which
pairs a client with the requesters it looks up. Production has no such log (gunicorn's
access log is off, nginx logs the path only); this keeps a development server the same.
Wired in settings.LOGGING (see the read API's notes).
"""

import logging
import re

_QUERY = re.compile(r"(/api/[^\s?\"]*)\?[^\s\"]*")


class HideApiQueries(logging.Filter):
    """Drop the query string of /api/ URLs from a log record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/api/" in message and "?" in message:
            record.msg = _QUERY.sub(r"\1?…", message)
            record.args = ()
        return True
