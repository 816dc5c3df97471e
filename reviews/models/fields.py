"""Model fields of our own."""

import json

import orjson
from django import forms
from django.db import models


def compact_json(value) -> str:
    """JSON without spaces, as JSONTextField stores it. orjson, not the json module: a full
    recompute encodes every requester's snapshot, and orjson does it about ten times faster."""
    return orjson.dumps(value).decode()


class JSONTextField(models.TextField):
    """A JSON document kept as text, read back as Python values.

    For documents that are written and read whole and never queried inside. PostgreSQL's
    jsonb parses every number into a numeric on the way in and formats it again on the way
    out; for the score snapshots (about 120 numbers each, all of them rewritten nightly)
    that cost more than computing them. As text, the database stores the bytes it is given
    and the same bytes are published to the cache.
    """

    description = "JSON stored as text"

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        return None if value is None else compact_json(value)

    def formfield(self, **kwargs):
        # A JSON field in forms (the admin): a TextField's form would show the Python repr.
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))
