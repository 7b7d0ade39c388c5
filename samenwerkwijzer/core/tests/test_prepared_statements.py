"""PostgreSQL prepares the statements a connection runs often; the directory's searches never use one."""

import pytest
from django.db import connection

from samenwerkwijzer.directory import search
from samenwerkwijzer.directory.benchmark import Generator
from samenwerkwijzer.lib.db import planned_for_each_run

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")


@postgresql_only
@pytest.mark.django_db
def test_postgresql_prepares_a_statement_from_its_fifth_run():
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
    with connection.cursor() as cursor:
        for _run in range(6):
            cursor.execute("SELECT %s::int + 1 AS prepared_statement_probe", [1])
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%prepared_statement_probe%"]
        )
        assert cursor.fetchone()[0] == 1


@postgresql_only
@pytest.mark.django_db
def test_a_directory_search_prepares_nothing_and_leaves_the_connection_as_it_was():
    profile, offset = Generator(seed=7).profiles(1)[0]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    # Start from a connection without prepared statements: the server's and psycopg's own record of
    # them (private; the connection cannot be replaced inside the test's transaction).
    connection.connection._prepared.clear()
    for _run in range(8):  # more runs than the threshold
        search.run(profile, limit=20, offset=offset)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%directory_%"])
        assert cursor.fetchone()[0] == 0
    assert connection.connection.prepare_threshold == 5


@postgresql_only
@pytest.mark.django_db
def test_the_threshold_comes_back_when_the_search_fails():
    connection.ensure_connection()
    with pytest.raises(RuntimeError), planned_for_each_run():
        assert connection.connection.prepare_threshold is None
        raise RuntimeError
    assert connection.connection.prepare_threshold == 5


@pytest.mark.django_db
def test_the_queries_inside_run_as_usual():
    with planned_for_each_run():
        assert list(connection.cursor().execute("SELECT 1").fetchall()) == [(1,)]
