"""``field__one_of=[...]``: the same rows as ``field__in``, as one array parameter on PostgreSQL.

A partner search hands the database lists of up to four thousand postcode areas or offers/needs
pairs. As ``= ANY(%s)`` such a list is one value for psycopg and for PostgreSQL's parser instead
of thousands of placeholders; SQLite, which has no arrays, keeps ``IN (...)``.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup


class OneOf(Lookup):
    lookup_name = "one_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
