"""The whole database as text, to search it for something that must not be there.

On PostgreSQL every table is copied out with COPY … TO STDOUT, as pg_dump does for data, on
the test's own connection (so it sees the test's uncommitted rows); on SQLite every row of
every table is selected. Stored sessions are decoded too, since their data is encoded.
"""

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def database_text() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in _tables():
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                    data = b"".join(bytes(block) for block in copy)
                parts.append(f"-- {table}\n" + data.decode("utf-8", errors="replace"))
            else:
                cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 (table names from Django)
                rows = "\n".join(repr(row) for row in cursor.fetchall())
                parts.append(f"-- {table}\n{rows}")
    store = SessionStore()
    for data in Session.objects.values_list("session_data", flat=True):
        parts.append(f"-- decoded session\n{store.decode(data)!r}")
    return "\n".join(parts)


def table_count() -> int:
    return len(_tables())
