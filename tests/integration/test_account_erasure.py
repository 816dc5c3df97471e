"""On real PostgreSQL: after an account's deletion, a dump of every table (COPY … TO STDOUT,
as pg_dump copies data) and every decoded session holds none of its e-mail addresses."""

import pytest
from django.db import connection

from reviews.services.accounts import account_delete
from tests.db_dump import database_text
from tests.own_data_cast import EMAIL, PASSWORD, SECOND_EMAIL, make_life

pytestmark = pytest.mark.integration


@pytest.mark.django_db
@pytest.mark.parametrize("reviews", ["keep", "withdraw"])
def test_no_table_of_postgresql_names_a_deleted_accounts_address(
    client, django_capture_on_commit_callbacks, reviews
):
    assert connection.vendor == "postgresql"
    with django_capture_on_commit_callbacks(execute=True):
        life = make_life()
    client.force_login(life.worker)
    before = database_text().casefold()
    assert EMAIL.casefold() in before and SECOND_EMAIL.casefold() in before

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=life.worker, password=PASSWORD, reviews=reviews)

    after = database_text().casefold()
    for address in (EMAIL, SECOND_EMAIL):
        assert address.casefold() not in after
    assert "jane.doe" not in after  # the username allauth would have made from it
    assert "other@example.org" in after
