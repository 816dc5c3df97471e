"""Files people download: JSON streamed piece by piece, and CSV that is safe in spreadsheets.

Both are generators of text chunks for a StreamingHttpResponse, so an answer of any size is
sent as it is produced, with memory bounded by one item.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…),
# +cmd|…, -2+3, @SUM(…)); a tab or carriage return in front hides such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
UTF8_BOM = "\ufeff"


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def json_stream(sections: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """One JSON object from (key, value) pairs; a value that is an iterator (not a dict,
    list or scalar) becomes an array written one element at a time."""
    yield "{"
    for index, (key, value) in enumerate(sections):
        yield ("," if index else "") + _dumps(key) + ":"
        if isinstance(value, Iterator):
            yield "["
            for position, item in enumerate(value):
                yield ("," if position else "") + _dumps(item)
            yield "]"
        else:
            yield _dumps(value)
    yield "}\n"


def spreadsheet_safe(value: Any) -> str:
    """A cell's text, defused: a text that a spreadsheet would run as a formula gets a
    leading apostrophe (shown by none of them, and the text stays readable)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_stream(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """RFC 4180 CSV (every field quoted where needed, CRLF line ends) with a BOM, every cell
    passed through spreadsheet_safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[Any]) -> str:
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield UTF8_BOM + line(header)
    for row in rows:
        yield line(row)
