"""A throwaway (or persistent) PostgreSQL server on 127.0.0.1, and the migrations in supabase/migrations.

    with EmbeddedPostgres() as pg:                       # temporary data directory, ephemeral port
        apply_migrations(pg.dsn, Path("supabase/migrations"))
        psycopg.connect(pg.dsn)                          # superuser, over TCP with a generated password
        psycopg.connect(pg.dsn_for("authenticator"))     # any LOGIN role, over the private unix socket

Server binaries come from, in order: $PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/<newest>/bin,
`initdb` on PATH, and the binaries bundled in the `pgserver` package. PostgreSQL refuses to run as root, so
when this process is root the server runs as an unprivileged user (`nobody` unless told otherwise) through
`setpriv`, and the data directory is handed to that user.

Authentication: TCP connections need a password (scram-sha-256; the superuser password is generated at
initdb time and kept in the data directory, readable only by its owner); the unix socket lives inside the data
directory, which only the server user (and root) can enter, and trusts every LOGIN role.
"""

import contextlib
import logging
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import quote

import psycopg

logger = logging.getLogger(__name__)

SUPERUSER = "postgres"
DATABASE = "postgres"
PASSWORD_FILE = "pickup-superuser-password"  # noqa: S105 - a file name; the password is generated
SERVER_LOG = "pickup-server.log"
SOCKET_DIR = "socket"
DEFAULT_UNPRIVILEGED_USER = "nobody"


class PostgresHarnessError(RuntimeError):
    """The server could not be found, initialised, started or stopped."""


# Section - finding the server binaries


def _has_server(bindir: Path) -> bool:
    return (bindir / "initdb").is_file() and (bindir / "postgres").is_file()


def _pg_config_bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    try:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip())


def _debian_bindirs() -> list[Path]:
    root = Path("/usr/lib/postgresql")
    if not root.is_dir():
        return []
    versions = [p for p in root.iterdir() if p.name.isdigit()]
    return [p / "bin" for p in sorted(versions, key=lambda p: int(p.name), reverse=True)]


def _initdb_on_path() -> Path | None:
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _pgserver_bindir() -> Path | None:
    try:
        import pgserver  # optional fallback, imported only when nothing else is installed
    except ImportError:
        return None
    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def find_bindir() -> Path:
    """The first directory holding both `initdb` and `postgres`, searched in the order the module describes."""
    from_env = os.environ.get("PG_BINDIR")
    searches: list[Callable[[], list[Path]]] = [
        lambda: [Path(from_env)] if from_env else [],
        lambda: [p for p in [_pg_config_bindir()] if p],
        _debian_bindirs,
        lambda: [p for p in [_initdb_on_path()] if p],
        lambda: [p for p in [_pgserver_bindir()] if p],  # last: importing pgserver has side effects
    ]
    for search in searches:
        for candidate in search():
            if _has_server(candidate):
                return candidate
    raise PostgresHarnessError(
        "no PostgreSQL server binaries found: set PG_BINDIR, install postgresql, or install the pgserver package"
    )


# Section - the server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


class EmbeddedPostgres:
    """A PostgreSQL server for tests and local development; a context manager that starts and stops it.

    data_dir: kept between runs when given (initialised on first use); a temporary directory otherwise,
        deleted on exit. When running as root, directories above a given data_dir that other users cannot
        traverse get the o+x bit, so the server user can reach it.
    port: fixed when given; a free ephemeral port when None or 0.
    durable: fsync and full-page writes on. Defaults to on for a given data_dir, off for a temporary one.
    run_as: the system user the server runs as when this process is root.
    """

    def __init__(
        self,
        *,
        data_dir: Path | str | None = None,
        port: int | None = None,
        bindir: Path | str | None = None,
        durable: bool | None = None,
        run_as: str = DEFAULT_UNPRIVILEGED_USER,
        startup_timeout: float = 30.0,
    ) -> None:
        self._given_data_dir = Path(data_dir).resolve() if data_dir is not None else None
        self._given_port = port or None  # 0 means any free port, as for a socket
        self._bindir = Path(bindir) if bindir is not None else None
        self._durable = durable if durable is not None else data_dir is not None
        self._run_as = run_as
        self._startup_timeout = startup_timeout
        self._temp_root: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._password: str | None = None
        self.data_dir: Path | None = None
        self.port: int | None = None

    def __repr__(self) -> str:
        return f"EmbeddedPostgres(data_dir={self.data_dir}, port={self.port}, running={self.running})"

    # -- public API

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def dsn(self) -> str:
        """The superuser's connection URL over TCP (127.0.0.1, password included)."""
        self._require_running()
        password = quote(self._password or "", safe="")
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def socket_dir(self) -> Path:
        assert self.data_dir is not None
        return self.data_dir / SOCKET_DIR

    def dsn_for(self, role: str, *, password: str | None = None, database: str = DATABASE) -> str:
        """A connection URL that logs in as `role` (which must have LOGIN).

        Without a password: over the unix socket inside the data directory, where every role is trusted.
        With one: over TCP to 127.0.0.1.
        """
        self._require_running()
        user = quote(role, safe="")
        if password is not None:
            return f"postgresql://{user}:{quote(password, safe='')}@127.0.0.1:{self.port}/{database}"
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://{user}@/{database}?host={host}&port={self.port}"

    def start(self) -> Self:
        if self.running:
            return self
        bindir = self._bindir or find_bindir()
        self.data_dir = self._prepare_data_dir()
        if not (self.data_dir / "PG_VERSION").is_file():
            self._initdb(bindir)
        self._password = (self.data_dir / PASSWORD_FILE).read_text().strip()
        self.socket_dir.mkdir(exist_ok=True)
        self._hand_over(self.socket_dir)
        attempts = 1 if self._given_port is not None else 3
        for attempt in range(1, attempts + 1):
            self.port = self._given_port or _free_port()
            try:
                self._launch(bindir)
                break
            except PostgresHarnessError:
                # An ephemeral port can be taken between probing and binding; try another one.
                if attempt == attempts:
                    raise
        logger.info("PostgreSQL running on 127.0.0.1:%s (data %s)", self.port, self.data_dir)
        return self

    def stop(self, *, timeout: float = 30.0) -> None:
        """Fast shutdown (SIGINT: roll back open transactions, then stop); escalate if it hangs."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            for sig, wait in ((signal.SIGINT, timeout), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(sig)
                try:
                    process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    logger.warning("PostgreSQL did not stop after signal %s", sig.name)
        if self._temp_root is not None:
            shutil.rmtree(self._temp_root, ignore_errors=True)
            self._temp_root = None

    def __enter__(self) -> Self:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- steps

    def _require_running(self) -> None:
        if not self.running:
            raise PostgresHarnessError("the server is not running")

    def _server_user(self) -> pwd.struct_passwd | None:
        """The user to run the server as, or None to run as ourselves (when we are not root)."""
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam(self._run_as)
        except KeyError as exc:
            raise PostgresHarnessError(
                f"running as root needs an unprivileged user; {self._run_as!r} does not exist"
            ) from exc

    def _hand_over(self, path: Path) -> None:
        user = self._server_user()
        if user is not None:
            os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(0o700)

    def _open_ancestors(self, path: Path) -> None:
        """Let the server user pass through (not list) every directory above `path`, as initdb needs."""
        if self._server_user() is None:
            return
        for ancestor in path.parents:
            mode = ancestor.stat().st_mode
            if not mode & stat.S_IXOTH:
                logger.info("allowing other users to traverse %s so PostgreSQL can reach its data", ancestor)
                ancestor.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)

    def _command(self, *args: str | Path) -> list[str]:
        user = self._server_user()
        prefix = []
        if user is not None:
            prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"]
        return [*prefix, *(str(a) for a in args)]

    def _prepare_data_dir(self) -> Path:
        if self._given_data_dir is not None:
            self._given_data_dir.mkdir(parents=True, exist_ok=True)
            self._open_ancestors(self._given_data_dir)
            return self._given_data_dir
        self._temp_root = Path(tempfile.mkdtemp(prefix="pickup-postgres-"))
        self._temp_root.chmod(0o755)  # the server user must be able to enter it
        data_dir = self._temp_root / "data"
        data_dir.mkdir()
        return data_dir

    def _initdb(self, bindir: Path) -> None:
        assert self.data_dir is not None
        if any(self.data_dir.iterdir()):
            raise PostgresHarnessError(f"{self.data_dir} is neither empty nor a PostgreSQL data directory")
        self._hand_over(self.data_dir)
        password = secrets.token_urlsafe(24)
        # The password file must be readable by the server user for initdb, then goes away.
        with tempfile.NamedTemporaryFile("w", dir=self.data_dir.parent, delete=False) as pwfile:
            pwfile.write(password + "\n")
        pwfile_path = Path(pwfile.name)
        try:
            self._hand_over(pwfile_path)
            pwfile_path.chmod(0o600)
            result = subprocess.run(
                self._command(
                    bindir / "initdb",
                    "--pgdata",
                    self.data_dir,
                    "--username",
                    SUPERUSER,
                    "--pwfile",
                    pwfile_path,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                ),
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        finally:
            pwfile_path.unlink(missing_ok=True)
        if result.returncode != 0:
            raise PostgresHarnessError(f"initdb failed ({result.returncode}):\n{result.stderr[-2000:]}")
        secret = self.data_dir / PASSWORD_FILE
        secret.write_text(password + "\n")
        secret.chmod(0o600)

    def _launch(self, bindir: Path) -> None:
        assert self.data_dir is not None
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.socket_dir),
            "max_connections": "100",
            "shared_buffers": "32MB",
            "timezone": "UTC",
        }
        if not self._durable:
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        log_path = self.data_dir / SERVER_LOG
        with log_path.open("ab") as log:
            self._process = subprocess.Popen(
                self._command(bindir / "postgres", "-D", self.data_dir, *options),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self._wait_until_ready(log_path)

    def _wait_until_ready(self, log_path: Path) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self._startup_timeout
        dsn = self.dsn_for(SUPERUSER)
        for _ in range(int(self._startup_timeout / 0.05) + 1):
            if self._process.poll() is not None:
                self._process = None
                raise PostgresHarnessError(f"postgres exited during start-up:\n{_tail(log_path)}")
            try:
                with psycopg.connect(dsn, connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
        self.stop()
        raise PostgresHarnessError(
            f"postgres did not accept connections in {self._startup_timeout}s:\n{_tail(log_path)}"
        )


# Section - migrations

# What a Supabase project already has and plain PostgreSQL lacks. Roles are per cluster, so each is created
# only when absent. service_role bypasses RLS as on Supabase; authenticator is the login role the Data API
# connects as and switches from.
_SUPABASE_ROLES = """
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;
grant anon, authenticated, service_role to authenticator;
"""

# Supabase's long-standing defaults in public: USAGE for the API roles, and every privilege on new tables,
# sequences and functions. Reproducing them means the migrations are tested against the permissive case and
# must revoke explicitly, as they must on a real project.
_SUPABASE_PUBLIC_DEFAULTS = """
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
"""

_HISTORY = """
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
"""


def migration_files(directory: Path) -> list[Path]:
    """The migrations in the order they apply: by file name, which starts with a UTC timestamp."""
    return sorted(directory.glob("*.sql"), key=lambda p: p.name)


def prepare_supabase_cluster(dsn: str) -> None:
    """Create the Supabase roles, defaults and migration history table when absent (idempotent)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(_SUPABASE_ROLES)
        already_prepared = conn.execute(
            "select exists (select from pg_catalog.pg_namespace where nspname = 'supabase_migrations')"
        ).fetchone()
        if not (already_prepared and already_prepared[0]):
            conn.execute(_SUPABASE_PUBLIC_DEFAULTS)
        conn.execute(_HISTORY)


def apply_migrations(dsn: str, directory: Path | str) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction; returns the names applied.

    The history table is Supabase CLI's (supabase_migrations.schema_migrations, keyed by the timestamp part
    of the file name), so re-running is a no-op.
    """
    directory = Path(directory)
    prepare_supabase_cluster(dsn)
    applied: list[str] = []
    with psycopg.connect(dsn) as conn:
        done = {row[0] for row in conn.execute("select version from supabase_migrations.schema_migrations")}
        conn.commit()
        for path in migration_files(directory):
            version, _, name = path.stem.partition("_")
            if version in done:
                continue
            with conn.transaction():
                conn.execute(path.read_bytes())  # a whole script: no parameters, so run as a simple query
                conn.execute(
                    "insert into supabase_migrations.schema_migrations (version, name) values (%s, %s)",
                    (version, name),
                )
            applied.append(path.name)
            logger.info("applied migration %s", path.name)
    return applied
