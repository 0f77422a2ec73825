"""The bench's databases and processes: scratch databases and caches, manage.py, gunicorn, wrk."""

import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from common import APP_SETTINGS, BIN, ROOT, SECRET_KEY, WORK, BenchError, log


def require_wrk():
    """Find wrk, installing Debian's package when running as root; exit 2 otherwise."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing Debian's package")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
    if not shutil.which("wrk"):
        print("bench needs wrk: sudo apt-get install -y wrk", file=sys.stderr)
        sys.exit(2)


# Databases ---------------------------------------------------------------------------------


@contextlib.contextmanager
def scratch_database(scale, keep):
    """A fresh, empty database for one scale: SQLite under bench/.work, or PostgreSQL."""
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        path = WORK / f"bench-{scale}.sqlite3"
        remove_sqlite(path)
        try:
            yield f"sqlite:///{path}"
        finally:
            if not keep:
                remove_sqlite(path)
        return
    if not base.startswith(("postgres://", "postgresql://")):
        raise BenchError("DATABASE_URL: the bench supports SQLite (unset) or PostgreSQL only")
    name = f"careersite_bench_{scale}"
    pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlsplit(base)._replace(path=f"/{name}").geturl()
    finally:
        if not keep:
            pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def scratch_cache(cache_url, keep):
    """An empty cache for one scale: the Redis database CACHE_URL names is emptied before
    (and, unless keep, after), so no entry computed from one scale's data meets the next.
    Other caches need nothing: the database cache is a table of the scratch database."""
    if urllib.parse.urlsplit(cache_url).scheme not in {"redis", "rediss"}:
        yield
        return
    redis_flush(cache_url)
    try:
        yield
    finally:
        if not keep:
            redis_flush(cache_url)


def redis_flush(url):
    import redis

    log(f"  emptying Redis database {urllib.parse.urlsplit(url).path.strip('/')}")
    with redis.Redis.from_url(url) as client:
        client.flushdb()


def remove_sqlite(path):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def pg_admin(url, *statements):
    """Run statements outside a transaction on the server DATABASE_URL points at."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def database_version():
    """The database the run used, with its version."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"SQLite {sqlite3.sqlite_version} (file under bench/.work, WAL)"
    import psycopg

    with psycopg.connect(url) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version}"


def cache_version(cache_url):
    """The warm pass's cache, with its version when it is a server."""
    if urllib.parse.urlsplit(cache_url).scheme not in {"redis", "rediss"}:
        return cache_url or "the database cache (CACHE_URL unset: the app's default)"
    import redis

    with redis.Redis.from_url(cache_url) as client:
        version = client.info("server")["redis_version"]
    database = urllib.parse.urlsplit(cache_url).path.strip("/")
    return f"Redis {version}, database {database} (emptied before each scale)"


# Processes ---------------------------------------------------------------------------------


def bench_env(database_url, cache_url=""):
    """The environment of every process of a run: production settings on plain http, and
    CACHE_URL as given ("" leaves the app's default)."""
    dropped = {"WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "CACHE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    if cache_url:
        env["CACHE_URL"] = cache_url
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=APP_SETTINGS,
        PYTHONPATH=str(ROOT),
        DEBUG="False",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
    )
    return env


def manage(env, *args, logfile):
    """Run a manage.py command, its output appended to logfile; raise if it fails."""
    with open(logfile, "a") as out:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                              stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise BenchError(f"manage.py {' '.join(args)} failed: see {logfile}")


def inprocess(env, *args, settings=APP_SETTINGS):
    """Run bench/inprocess.py against the run's database and return its JSON."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "inprocess.py"), *args],
                          cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": settings},
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise BenchError(f"inprocess.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(module, env, logfile):
    """Serve a WSGI module with the bench's gunicorn settings; stop it on exit."""
    port = free_port()
    command = [str(BIN / "gunicorn"), module, "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--worker-class", "sync", "--timeout", "30", "--chdir", str(ROOT)]
    with open(logfile, "a") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        wait_until_serving(process, port, logfile)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def wait_until_serving(process, port, logfile, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}: see {logfile}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not listen on {port} within {seconds} s: see {logfile}")


def stop(process):
    """Stop gunicorn (its own process group, so its workers too): TERM, then KILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
