"""Query lookups of our own."""

from django.db import models
from django.db.models.fields.related import ForeignObject
from django.db.models.lookups import In


@models.Field.register_lookup
@ForeignObject.register_lookup  # related fields look their lookups up on their own
class AnyOf(In):
    """`field__any_of=ids`: `field IN (…)`, written `field = ANY(%s)` on PostgreSQL.

    With one array parameter instead of one per value, a chunk of 2,000 ids costs the
    driver and the server one value to pass and parse, not 2,000 (the nightly recompute
    locks and looks up every chunk this way). Elsewhere it is the plain IN lookup.
    """

    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        return f"{lhs} = ANY(%s)", (*lhs_params, values)
