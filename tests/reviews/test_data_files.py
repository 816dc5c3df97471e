"""Streamed JSON and spreadsheet-safe CSV (reviews/data_files.py)."""

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from reviews.data_files import csv_stream, json_stream, spreadsheet_safe


def test_json_stream_writes_iterators_as_arrays_one_item_at_a_time():
    produced = []

    def items():
        for n in range(3):
            produced.append(n)
            yield {"n": n, "amount": Decimal("1.50")}

    chunks = json_stream([("name", "ä"), ("items", items()), ("empty", iter(())), ("d", {"a": 1})])

    first = [next(chunks) for _ in range(6)]
    assert produced == [0]  # the first item is written before the second is read
    document = json.loads("".join(first) + "".join(chunks))
    assert document == {
        "name": "ä",
        "items": [{"n": n, "amount": "1.50"} for n in range(3)],
        "empty": [],
        "d": {"a": 1},
    }


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"],
)
def test_a_formula_start_is_defused(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Fair pay", "Fair pay"),
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (Decimal("2.50"), "2.50"),
        (7, "7"),
        (datetime(2025, 3, 14, 9, 30, tzinfo=UTC), "2025-03-14T09:30:00+00:00"),
    ],
)
def test_other_values_are_written_as_they_are(value, cell):
    assert spreadsheet_safe(value) == cell


def test_csv_quotes_commas_quotes_and_line_breaks_and_starts_with_a_bom():
    text = "".join(
        csv_stream(["id", "text"], [[1, 'He said "fine", then\nleft'], [2, "=1+1"], [3, ""]])
    )

    assert text.startswith("\ufeffid,text\r\n")
    assert '1,"He said ""fine"", then\nleft"\r\n' in text
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["id", "text"], ["1", 'He said "fine", then\nleft'], ["2", "'=1+1"], ["3", ""]]
