import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Requester
from tests.factories import RequesterFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds():
    requesters = RequesterFactory.create_batch(4)
    RequesterFactory(merged_into=requesters[0])
    wanted = [requesters[0].pk, requesters[2].pk, 10**9]

    assert set(Requester.objects.filter(pk__any_of=wanted)) == {requesters[0], requesters[2]}
    assert list(Requester.objects.filter(pk__any_of=[])) == []
    assert Requester.objects.filter(merged_into_id__any_of=wanted).count() == 1


def test_any_of_passes_one_array_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("elsewhere any_of is IN")
    with CaptureQueriesContext(connection) as queries:
        list(Requester.objects.filter(pk__any_of=list(range(1, 2001))))
    assert "= ANY(" in queries[0]["sql"]
    assert len(queries[0]["sql"]) < 12_000  # the ids, once, as one array literal
