"""Who may do what: anon nothing, authenticated (warehouse staff) the non-personal queue columns, service_role
the two snapshot functions. Each case runs as the role, with `set local role`, in a transaction rolled back."""

import pytest
from psycopg import errors
from psycopg.types.json import Jsonb

from pickup_dev.postgres import EmbeddedPostgres, apply_migrations, migration_files
from tests.db.helpers import insert_request, snapshot_record
from tests.fixtures.postgres import MIGRATIONS, Database

pytestmark = pytest.mark.postgres

API_ROLES = ("anon", "authenticated", "service_role")
NON_PERSONAL_COLUMNS = (
    "id, sales_order_number, company_name, item_count, po_number, netsuite_status, netsuite_status_name, "
    "valid_for_pickup, email_flagged, status, is_priority, created_at, updated_at, completed_at"
)

# (statement, parameters) pairs that every role but the owner is refused.
READ_PERSONAL = [
    ("select * from public.pickup_requests", None),
    ("select customer_email from public.pickup_requests", None),
    ("select customer_phone from public.pickup_requests", None),
    ("select count(*) from public.pickup_requests where customer_email like '%%@%%'", None),
]
WRITE_REQUESTS = [
    ("insert into public.pickup_requests (sales_order_number, customer_email) values ('SO2', 'a@b.c')", None),
    ("update public.pickup_requests set status = 'approved'", None),
    ("delete from public.pickup_requests", None),
    ("truncate public.pickup_requests", None),
]
TOUCH_CACHE = [
    ("select * from private.order_snapshots", None),
    ("insert into private.order_snapshots values ('SO2', '{\"order_number\": \"SO2\"}', now())", None),
    ("delete from private.order_snapshots", None),
]
CALL_FUNCTIONS = [
    ("select * from public.get_order_snapshot('SO1001')", None),
    ("select public.put_order_snapshot('SO1001', %s)", (Jsonb(snapshot_record("SO1001")),)),
]


def _case_id(case: tuple[str, object]) -> str:
    return case[0][:60]


@pytest.fixture
def filled(database: Database) -> Database:
    insert_request(database, "SO1001", customer_phone="+44 20 7946 0000")
    database.run("select public.put_order_snapshot('SO1001', %s)", (Jsonb(snapshot_record("SO1001")),))
    return database


# Section - anon: nothing at all


@pytest.mark.parametrize("case", READ_PERSONAL + WRITE_REQUESTS + TOUCH_CACHE + CALL_FUNCTIONS, ids=_case_id)
def test_anon_is_refused_everything(filled: Database, case: tuple[str, object]) -> None:
    # given
    statement, params = case

    # when / then
    with pytest.raises(errors.InsufficientPrivilege):
        filled.run_as("anon", statement, params)


def test_anon_cannot_read_even_non_personal_columns(filled: Database) -> None:
    # given / when / then
    with pytest.raises(errors.InsufficientPrivilege):
        filled.run_as("anon", "select id, status from public.pickup_requests")


def test_anon_holds_no_privilege_on_any_table_or_function_of_ours(filled: Database) -> None:
    # given / when
    rows = filled.run(
        "select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname in ('public', 'private') and c.relkind in ('r', 'p', 'v', 'm')"
        " and (has_any_column_privilege('anon', c.oid, 'select, insert, update, references')"
        "   or has_table_privilege('anon', c.oid, 'select, insert, update, delete, truncate, references, trigger'))"
        " union all"
        " select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
        " where n.nspname in ('public', 'private') and has_function_privilege('anon', p.oid, 'execute')"
    )

    # then
    assert rows == []


# Section - authenticated: the queue without personal data


def test_authenticated_reads_the_queue_without_personal_columns(filled: Database) -> None:
    # given / when
    rows = filled.run_as("authenticated", f"select {NON_PERSONAL_COLUMNS} from public.pickup_requests")

    # then
    assert len(rows) == 1
    assert rows[0][1] == "SO1001"


@pytest.mark.parametrize("case", READ_PERSONAL + WRITE_REQUESTS + TOUCH_CACHE + CALL_FUNCTIONS, ids=_case_id)
def test_authenticated_is_refused_personal_data_writes_the_cache_and_the_functions(
    filled: Database, case: tuple[str, object]
) -> None:
    # given
    statement, params = case

    # when / then
    with pytest.raises(errors.InsufficientPrivilege):
        filled.run_as("authenticated", statement, params)


def test_authenticated_reads_through_an_rls_policy(filled: Database) -> None:
    # given / when
    rows = filled.run(
        "select policyname, cmd, roles::text[] from pg_policies"
        " where schemaname = 'public' and tablename = 'pickup_requests'"
    )

    # then: exactly one policy, for reading, for staff
    assert rows == [("warehouse staff read the pickup queue", "SELECT", ["authenticated"])]


# Section - service_role: the two functions, nothing else


def test_service_role_caches_and_reads_snapshots_through_the_functions(database: Database) -> None:
    # given
    record = snapshot_record("SO1001")

    # when
    with database.as_role("service_role") as conn:
        conn.execute("select public.put_order_snapshot(%s, %s)", ("SO1001", Jsonb(record)))
        rows = conn.execute("select snapshot from public.get_order_snapshot(%s)", ("SO1001",)).fetchall()

    # then
    assert rows == [(record,)]


@pytest.mark.parametrize("case", READ_PERSONAL + WRITE_REQUESTS + TOUCH_CACHE, ids=_case_id)
def test_service_role_is_refused_pickup_requests_and_the_cache_table(
    filled: Database, case: tuple[str, object]
) -> None:
    # given
    statement, params = case

    # when / then
    with pytest.raises(errors.InsufficientPrivilege):
        filled.run_as("service_role", statement, params)


def test_service_role_may_execute_exactly_the_two_snapshot_functions(filled: Database) -> None:
    # given / when
    rows = filled.run(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
        " where n.nspname in ('public', 'private') and has_function_privilege('service_role', p.oid, 'execute')"
        " order by 1"
    )

    # then
    assert rows == [("get_order_snapshot(text)",), ("put_order_snapshot(text,jsonb)",)]


@pytest.mark.parametrize("role", ["anon", "authenticated"])
def test_only_service_role_may_execute_any_function_of_ours(filled: Database, role: str) -> None:
    # given / when
    rows = filled.run(
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
        " where n.nspname in ('public', 'private') and has_function_privilege(%s, p.oid, 'execute')",
        (role,),
    )

    # then
    assert rows == []


# Section - what holds for every object


def test_every_table_in_public_and_private_has_row_level_security(database: Database) -> None:
    # given / when
    rows = database.run(
        "select c.oid::regclass::text, c.relrowsecurity from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') order by 1"
    )

    # then
    assert rows == [("pickup_requests", True), ("private.order_snapshots", True)]


def test_every_security_definer_function_pins_an_empty_search_path(database: Database) -> None:
    # given / when
    rows = database.run(
        "select p.oid::regprocedure::text, p.proconfig from pg_proc p"
        " join pg_namespace n on n.oid = p.pronamespace"
        " where n.nspname in ('public', 'private') and p.prosecdef order by 1"
    )

    # then: the two snapshot functions at least, and every one of them pinned
    assert {"get_order_snapshot(text)", "put_order_snapshot(text,jsonb)"} <= {name for name, _ in rows}
    for name, config in rows:
        assert config == ['search_path=""'], name


def test_no_api_role_may_use_the_private_schema(database: Database) -> None:
    # given / when
    rows = database.run(
        "select r from unnest(%s::text[]) as r where has_schema_privilege(r, 'private', 'usage, create')",
        (list(API_ROLES),),
    )

    # then
    assert rows == []


# Section - migrations


def test_applying_the_migrations_again_changes_nothing(postgres: EmbeddedPostgres, database: Database) -> None:
    # given: the session's server, migrated at start-up

    # when
    applied = apply_migrations(postgres.dsn, MIGRATIONS)

    # then
    assert applied == []
    versions = database.run("select version from supabase_migrations.schema_migrations order by version")
    assert [v for (v,) in versions] == [p.name.split("_", 1)[0] for p in migration_files(MIGRATIONS)]


def test_migration_names_are_a_utc_timestamp_and_a_verb_phrase() -> None:
    # given / when
    names = [p.name for p in migration_files(MIGRATIONS)]

    # then
    assert names
    for name in names:
        version, _, phrase = name.removesuffix(".sql").partition("_")
        assert len(version) == 14, name
        assert version.isdigit(), name
        assert phrase.split("_")[0] in {"create", "add", "alter", "drop", "grant", "revoke", "rename"}, name
