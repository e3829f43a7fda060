"""The embedded PostgreSQL harness and the migration runner (devtools/pickup_dev/postgres.py)."""

import os
from pathlib import Path

import psycopg
import pytest

from pickup_dev.postgres import EmbeddedPostgres, apply_migrations
from tests.fixtures.postgres import MIGRATIONS

pytestmark = pytest.mark.postgres


@pytest.fixture
def scratch_dsn(postgres: EmbeddedPostgres) -> str:
    """A fresh, empty database on the session's server."""
    with psycopg.connect(postgres.dsn, autocommit=True) as conn:
        conn.execute("drop database if exists harness_scratch")
        conn.execute("create database harness_scratch")
    return postgres.dsn.rsplit("/", 1)[0] + "/harness_scratch"


def test_a_given_data_directory_keeps_its_data_across_restarts(tmp_path: Path) -> None:
    # given: a server started on a new directory, migrated, then stopped
    data_dir = tmp_path / "pg"
    with EmbeddedPostgres(data_dir=data_dir, port=0) as first:
        first_applied = apply_migrations(first.dsn, MIGRATIONS)

    # when: started again on the same directory
    with EmbeddedPostgres(data_dir=data_dir) as second:
        second_applied = apply_migrations(second.dsn, MIGRATIONS)
        with psycopg.connect(second.dsn) as conn:
            tables = conn.execute("select to_regclass('private.order_snapshots') is not null").fetchone()

    # then
    assert len(first_applied) == len(list(MIGRATIONS.glob("*.sql")))
    assert second_applied == []
    assert tables == (True,)


def test_the_server_never_runs_as_root(postgres: EmbeddedPostgres) -> None:
    # given / when
    with psycopg.connect(postgres.dsn) as conn:
        [(data_directory,)] = conn.execute("show data_directory").fetchall()

    # then: the server's files belong to an ordinary user, whoever started it
    owner = Path(data_directory).stat().st_uid
    assert owner != 0 or os.geteuid() != 0
    assert owner == (Path(data_directory) / "PG_VERSION").stat().st_uid


def test_tcp_connections_need_the_password(postgres: EmbeddedPostgres) -> None:
    # given
    without_password = postgres.dsn.replace(postgres.dsn.split("@")[0], "postgresql://postgres")

    # when / then
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(without_password, connect_timeout=5).close()


def test_a_failing_migration_leaves_no_trace_and_stops_the_run(scratch_dsn: str, tmp_path: Path) -> None:
    # given: a good migration, a broken one, and one after it
    (tmp_path / "20260101000000_create_good_table.sql").write_text("create table public.good (id int);")
    (tmp_path / "20260101000100_create_broken_table.sql").write_text(
        "create table public.half (id int);\ncreate table public.broken (id no_such_type);"
    )
    (tmp_path / "20260101000200_create_later_table.sql").write_text("create table public.later (id int);")

    # when
    with pytest.raises(psycopg.errors.UndefinedObject):
        apply_migrations(scratch_dsn, tmp_path)

    # then
    with psycopg.connect(scratch_dsn) as conn:
        versions = conn.execute("select version from supabase_migrations.schema_migrations").fetchall()
        tables = conn.execute(
            "select to_regclass('public.good') is not null, to_regclass('public.half') is not null,"
            " to_regclass('public.later') is not null"
        ).fetchone()
    assert versions == [("20260101000000",)]
    assert tables == (True, False, False)


def test_the_supabase_roles_exist_as_on_a_project(postgres: EmbeddedPostgres) -> None:
    # given / when
    with psycopg.connect(postgres.dsn) as conn:
        roles = conn.execute(
            "select rolname, rolcanlogin, rolbypassrls, rolinherit from pg_roles"
            " where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by rolname"
        ).fetchall()
        members = conn.execute(
            "select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid"
            " join pg_roles u on u.oid = m.member where u.rolname = 'authenticator' order by 1"
        ).fetchall()

    # then
    assert roles == [
        ("anon", False, False, False),
        ("authenticated", False, False, False),
        ("authenticator", True, False, False),
        ("service_role", False, True, False),
    ]
    assert members == [("anon",), ("authenticated",), ("service_role",)]
