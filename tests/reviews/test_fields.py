import pytest
from django import forms
from django.db import connection
from django.utils import timezone

from reviews.models import RequesterScore
from reviews.models.fields import JSONTextField
from tests.factories import RequesterFactory

pytestmark = pytest.mark.django_db


def test_json_text_is_stored_compact_and_read_back_as_values():
    requester = RequesterFactory()
    data = {"all": {"n": 2, "wage": {"median": 7.5, "p25": None}}, "recent": {"name": "é"}}
    RequesterScore.objects.create(requester=requester, computed_at=timezone.now(), data=data)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data FROM reviews_requesterscore WHERE requester_id = %s", [requester.pk]
        )
        (stored,) = cursor.fetchone()
    assert stored == '{"all":{"n":2,"wage":{"median":7.5,"p25":null}},"recent":{"name":"é"}}'
    assert RequesterScore.objects.get(requester=requester).data == data


def test_json_text_field_edits_as_json_in_forms():
    field = JSONTextField().formfield()
    assert isinstance(field, forms.JSONField)
    assert field.clean('{"n": 1}') == {"n": 1}
    assert JSONTextField().to_python('{"n": 1}') == {"n": 1}
