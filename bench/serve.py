"""Start gunicorn on 127.0.0.1 against a fresh database, for the load generator and drills.

    python -m bench.serve --app product --database sqlite --workers 4 --ports 8101
    python -m bench.serve --app product --database postgres --workers 4 --ports 8101 8102

Two ports mean two separate gunicorn processes sharing one database, as two machines behind a
load balancer would. The product is served from a snapshot of the last commit (``git archive
HEAD`` into ``bench/out/src-<commit>``), so that work in progress in the tree cannot change
the figures; ``--tree`` serves the working tree instead.

The state (ports, master pids, database, landing path) is written to ``bench/out/servers.json``
for ``bench.load``; the servers stop after ``--hold`` seconds or on Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"
STATE = OUT / "servers.json"
SECRET = "bench-secret-key-not-for-production-0123456789abcdef"  # noqa: S105 - local bench
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
POSTGRES_BENCH_DB = "readiness_bench"
POSTGRES_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{POSTGRES_BENCH_DB}"
START_TIMEOUT = 30.0


@dataclass
class Server:
    port: int
    pid: int


@dataclass
class Deployment:
    """What is running: enough for the load generator to reach it and check its data."""

    app: str
    database_url: str
    workers: int
    servers: list[Server] = field(default_factory=list)
    landing: str = ""
    public_id: str = ""
    assessment_id: int = 0
    env: dict = field(default_factory=dict)
    workdir: str = ""
    gunicorn_args: tuple = ()
    #: the directory the product is served from, and its commit
    source: str = str(ROOT)
    commit: str = ""
    #: the running gunicorn masters by port (not saved)
    processes: dict = field(default_factory=dict)

    @property
    def ports(self) -> list[int]:
        return [s.port for s in self.servers]

    @property
    def masters(self) -> list[int]:
        return [s.pid for s in self.servers]

    @property
    def sqlite_path(self) -> str | None:
        prefix = "sqlite:///"
        return self.database_url[len(prefix):] if self.database_url.startswith(prefix) else None

    def save(self, path: Path = STATE) -> None:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "processes"}
        data["servers"] = [asdict(s) for s in self.servers]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2))

    def start(self, port: int) -> None:
        """Start (or start again) the gunicorn master on ``port``."""
        log = Path(self.workdir) / f"gunicorn-{port}.log"
        process = start_gunicorn(APP_SPECS[self.app], port, self.workers, self.env, log,
                                 tuple(self.gunicorn_args), Path(self.source))
        self.processes[port] = process
        self.servers = [s for s in self.servers if s.port != port] + [Server(port, process.pid)]
        self.servers.sort(key=lambda s: s.port)

    def stop(self, port: int, *, crash: bool = False) -> None:
        """Stop the server on ``port``: gracefully, or with SIGKILL to every process."""
        process = self.processes.pop(port)
        if crash:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
            _wait_for_group_to_end(process.pid, 10)
        else:
            stop_process(process)

    def stop_all(self, grace: float = 3.0) -> None:
        """Stop every server; the data was checked already, so a short grace will do."""
        for port in list(self.processes):
            stop_process(self.processes.pop(port), grace)

    @classmethod
    def load(cls, path: Path = STATE) -> Deployment:
        data = json.loads(Path(path).read_text())
        data["servers"] = [Server(**s) for s in data["servers"]]
        return cls(**data)


def fresh_postgres() -> str:
    """An empty ``readiness_bench`` database on the local server."""
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_BENCH_DB} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {POSTGRES_BENCH_DB}")
    return POSTGRES_URL


def product_env(database_url: str, busy_timeout_ms: int | None = None) -> dict[str, str]:
    env = {
        "READINESS_ENV": "production",
        "READINESS_SECRET_KEY": SECRET,
        "READINESS_DATABASE_URL": database_url,
        "READINESS_LOG_LEVEL": "WARNING",
    }
    if busy_timeout_ms is not None:
        env["READINESS_SQLITE_BUSY_TIMEOUT_MS"] = str(busy_timeout_ms)
    return env


def snapshot(commit: str = "HEAD") -> tuple[Path, str]:
    """The tree of ``commit`` exported under bench/out (reused when already there)."""
    sha = subprocess.run(["git", "rev-parse", "--short=10", commit], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    target = OUT / f"src-{sha}"
    if not (target / "wsgi.py").exists():
        partial = OUT / f"src-{sha}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(partial)], input=archive, check=True)
        # The harness itself always comes from the working tree.
        shutil.rmtree(partial / "bench", ignore_errors=True)
        partial.rename(target)
    return target, sha


def _python_env(source: Path, env: dict[str, str]) -> dict[str, str]:
    """The environment for a process that must import the product from ``source``."""
    path = [str(source), str(ROOT)]
    if source != ROOT:
        path.insert(0, str(Path(__file__).parent / "snapshot_site"))
    return {**os.environ, **env, "PYTHONPATH": os.pathsep.join(path)}


def prepare_product(database_url: str, env: dict[str, str],
                    source: Path = ROOT) -> tuple[int, str, str]:
    """Migrate with the CLI, then create and open an assessment; (id, public id, landing)."""
    _run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], source, env)
    done = _run([sys.executable, "-m", "bench.serve", "--create-assessment", database_url],
                source, env)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["id"], found["public_id"], found["landing"]


def _run(command: list[str], source: Path, env: dict[str, str]):
    done = subprocess.run(command, cwd=source, env=_python_env(source, env),
                          capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[-3:])} failed:\n{done.stderr[-3000:]}")
    return done


def create_assessment(database_url: str) -> dict:
    """Create and open the benchmark's assessment through the readiness services."""
    from readiness import create_app, db
    from readiness.assessments import AssessmentSpec, create

    try:
        from readiness.lifecycle import open_
    except ImportError:  # a snapshot from before readiness/lifecycle.py
        from readiness.assessments import open_

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": SECRET, "ENV": "production"})
    with app.app_context():
        with db.writing():
            assessment = create(
                AssessmentSpec(
                    title="Nine o'clock burst", organisation="Bench Ltd", headcount=50_000,
                    languages=("en", "de", "fr"),
                )
            )
            open_(assessment)
        landing = landing_path(app, assessment.public_id)
        db.engine().dispose()
    return {"id": assessment.id, "public_id": assessment.public_id, "landing": landing}


def landing_path(app, public_id: str) -> str:
    """The respondents' link to the assessment."""
    from flask import url_for

    with app.test_request_context():
        return url_for("respond.landing", public_id=public_id)


def start_gunicorn(app_spec: str, port: int, workers: int, env: dict[str, str],
                   log: Path, extra: tuple[str, ...] = (),
                   source: Path = ROOT) -> subprocess.Popen:
    """gunicorn in its own process group, once it accepts connections."""
    if _port_open(port):
        raise RuntimeError(f"port {port} is already in use")
    # The product runs with the worker class its gunicorn.conf.py names, as deployed; the
    # ceiling with gunicorn's plain sync worker. ``extra`` may name another one.
    worker_class = ("--worker-class", "sync") if app_spec == APP_SPECS["ceiling"] else ()
    command = [
        str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        *worker_class, "--timeout", "30", "--graceful-timeout", "10",
        "--backlog", "2048", *extra, app_spec,
    ]
    with log.open("ab") as sink:
        process = subprocess.Popen(
            command, cwd=source, env=_python_env(source, env), stdout=sink, stderr=sink,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while not _port_open(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError(f"gunicorn on {port} did not start; see {log}")
        time.sleep(0.1)
    _wait_for_workers(process.pid, workers, deadline)
    _wait_for_an_answer(port, deadline)
    return process


def _wait_for_workers(master: int, workers: int, deadline: float) -> None:
    from bench.procstat import children

    while len(children(master)) < workers and time.monotonic() < deadline:
        time.sleep(0.1)


def _wait_for_an_answer(port: int, deadline: float) -> None:
    """Until a worker has imported the application and answers (any status will do)."""
    while time.monotonic() < deadline:
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), 2) as probe:
            probe.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            probe.settimeout(max(0.5, deadline - time.monotonic()))
            if probe.recv(12).startswith(b"HTTP/"):
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stop_process(process: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM the server's process group and wait for all of it; SIGKILL what lingers."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
    _wait_for_group_to_end(process.pid, grace)


def _wait_for_group_to_end(group: int, grace: float) -> None:
    # Workers may outlive their master by a moment and still hold the listening socket.
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


APP_SPECS = {"product": "wsgi:app", "ceiling": "bench.ceiling:create_app()"}


@contextmanager
def running(app: str = "product", database: str = "sqlite", workers: int = 4,
            ports: tuple[int, ...] = (8101,), busy_timeout_ms: int | None = None,
            gunicorn_args: tuple[str, ...] = (), tree: bool = False,
            source: Path | None = None, sqlite_dir: str | None = None):
    """Fresh database, servers up; yields the Deployment and stops the servers afterwards.

    ``sqlite_dir`` puts the SQLite database there (a small volume, for the full-disk drill)."""
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix=f"bench-{app}-", dir=OUT)
    if database == "postgres":
        if app != "product":
            raise ValueError("the ceiling app is SQLite only")
        url = fresh_postgres()
    else:
        url = f"sqlite:///{sqlite_dir or workdir}/readiness.sqlite"
    deployment = Deployment(app=app, database_url=url, workers=workers, workdir=workdir,
                            gunicorn_args=gunicorn_args)
    if app == "product":
        if source is not None:  # a patched copy, to measure a proposed fix
            deployment.source = str(Path(source).resolve())
        elif not tree:
            snapshot_dir, deployment.commit = snapshot()
            deployment.source = str(snapshot_dir)
        env = product_env(url, busy_timeout_ms)
        (deployment.assessment_id, deployment.public_id,
         deployment.landing) = prepare_product(url, env, Path(deployment.source))
    else:
        from bench.ceiling import create_schema

        env = {"CEILING_DATABASE": deployment.sqlite_path}
        if busy_timeout_ms is not None:
            env["READINESS_SQLITE_BUSY_TIMEOUT_MS"] = str(busy_timeout_ms)
        create_schema(deployment.sqlite_path)
        deployment.landing = "/submit"
    deployment.env = env
    try:
        for port in ports:
            deployment.start(port)
        yield deployment
    finally:
        deployment.stop_all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", choices=sorted(APP_SPECS), default="product")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--ports", type=int, nargs="+", default=[8101])
    parser.add_argument("--busy-timeout-ms", type=int)
    parser.add_argument("--tree", action="store_true",
                        help="serve the working tree, not the last commit")
    parser.add_argument("--create-assessment", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--hold", type=float, default=600,
                        help="seconds before stopping (at most 3600)")
    args = parser.parse_args(argv)
    if args.create_assessment:
        print(json.dumps(create_assessment(args.create_assessment)))
        return 0
    with running(args.app, args.database, args.workers, tuple(args.ports),
                 args.busy_timeout_ms, tree=args.tree) as deployment:
        deployment.save()
        print(f"{args.app} on {deployment.ports} ({args.database}, {args.workers} workers); "
              f"state in {STATE}; stopping in {min(args.hold, 3600):.0f}s or on Ctrl-C", flush=True)
        with suppress(KeyboardInterrupt):
            time.sleep(min(args.hold, 3600))
    return 0


if __name__ == "__main__":
    sys.exit(main())
