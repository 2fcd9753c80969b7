"""A real Celery worker for tests: tasks leave the test through the broker and run in a
worker thread of the test process, as they do in production, instead of inline.

A test module imports `celery_worker_fixture` (the import is what lets pytest find it) and
asks for `celery_worker`. While it lasts, the project's Celery app (config/celery.py):

* sends to the configured broker: settings.CELERY_BROKER_URL when set (Redis in CI), else
  Celery's in-memory transport, so the tests run everywhere and are never skipped;
* does not run tasks eagerly, as test settings otherwise make it do;
* sends every task to a queue (and exchange) of its own, the only queue the worker
  consumes. In CI two pytest-xdist processes share one Redis database; this way neither
  takes the other's tasks. Remote control, mingle, gossip and heartbeats are off, because
  they reach every worker on the broker.

Afterwards the queue is removed from the broker and the app's configuration restored.

The worker thread has its own database connection (Celery's Django fixup closes it after
each task), so it sees committed data only: the fixture brings `transactional_db`, and
stops the worker before the tables are flushed.

Nothing waits forever: a broker that does not answer fails the test within seconds, and so
does a worker that does not start or stop in time. `celery_worker.wait_until(...)` gives up
after its timeout, and at once when a task raised in the worker.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar
from unittest import mock

import celery.contrib.testing.tasks  # noqa: F401 (registers celery.ping, used to wake the worker)
import pytest
from celery import Celery
from celery.signals import task_failure, task_prerun
from celery.worker import WorkController
from celery.worker import state as worker_state
from django.conf import settings
from django.db import connections
from kombu import pools
from kombu.asynchronous import get_event_loop, set_event_loop
from kombu.utils.url import maybe_sanitize_url

IN_MEMORY_BROKER = "memory://"
CONNECT_TIMEOUT = 5.0  # seconds for the broker to answer
START_TIMEOUT = 20.0  # seconds for the worker to be consuming
HOLD_TIMEOUT = 30.0  # seconds a held task waits for the test to release it
STOP_TIMEOUT = 15.0  # seconds for the worker thread to end (a task in hand is finished first)

T = TypeVar("T")


class WorkerError(RuntimeError):
    """The test worker could not do its job: no broker, no start or no stop in time."""


@dataclass
class HeldTask:
    """A task stopped at its start in the worker (see RunningWorker.hold)."""

    name: str
    received: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None  # where it was about to run
    eager: bool | None = None
    routing_key: str | None = None  # how the broker delivered it

    def wait_received(self, timeout: float = 30.0) -> None:
        if not self.received.wait(timeout):
            pytest.fail(f"The worker did not receive {self.name} within {timeout:.0f} s.")

    def release(self) -> None:
        self.released.set()


@dataclass(frozen=True)
class RunningWorker:
    app: Celery
    queue: str  # the one queue the tasks go to and the worker consumes
    broker_url: str  # with any password masked
    thread: threading.Thread  # the thread the tasks run in
    failures: list[str] = field(default_factory=list)  # tasks that raised, with the error

    @contextmanager
    def hold(self, task_name: str) -> Iterator[HeldTask]:
        """Stop the next `task_name` at its start, in the worker, until `release()` (at the
        latest when the block ends), so that a test can look at what the task has not done
        yet without racing the worker. A run outside the worker is recorded, not stopped."""
        held = HeldTask(task_name)

        def stop_at_start(sender=None, task=None, **kwargs):
            if task.name != task_name or held.received.is_set():
                return
            held.thread = threading.current_thread()
            held.eager = bool(task.request.is_eager)
            held.routing_key = (task.request.delivery_info or {}).get("routing_key")
            held.received.set()
            if held.thread is self.thread:
                held.released.wait(HOLD_TIMEOUT)

        task_prerun.connect(stop_at_start, weak=False)
        try:
            yield held
        finally:
            held.release()
            task_prerun.disconnect(stop_at_start)

    def wait_until(self, probe: Callable[[], T | None], *, timeout: float = 60.0, what: str) -> T:
        """Call `probe` until it returns something truthy and return that. Fail the test
        as soon as a task raised in the worker, or after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = probe()
            if result:
                return result
            if self.failures:
                reported = "; ".join(self.failures)
                self.failures.clear()  # reported here, not again when the fixture ends
                pytest.fail(f"While waiting for {what}: {reported}")
            if time.monotonic() > deadline:
                pytest.fail(f"Waited {timeout:.0f} s for {what}, in vain.")
            time.sleep(0.1)


def _project_app() -> Celery:
    from config.celery import app

    return app


def _queue_name() -> str:
    """Unique per fixture; readable in `redis-cli keys '*'`: which xdist process made it."""
    process = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"wijkteam-test-{process}-{uuid.uuid4().hex[:12]}"


def _overrides(broker_url: str, queue: str) -> dict:
    overrides = {
        "broker_url": broker_url,
        "task_always_eager": False,
        # Celery names the default exchange and routing key after the default queue, so the
        # worker below is the only one that sees what is sent.
        "task_default_queue": queue,
        "worker_enable_remote_control": False,
        "broker_connection_timeout": CONNECT_TIMEOUT,
        "broker_connection_retry_on_startup": False,
        "broker_connection_max_retries": 2,
    }
    if broker_url.startswith(IN_MEMORY_BROKER):
        # The in-memory transport polls; Celery's default of once a second slows every test.
        overrides["broker_transport_options"] = {"polling_interval": 0.05}
    return overrides


def _forget_broker(app: Celery) -> None:
    """Close the app's broker connections and drop what it derived from the broker settings
    when it first used them (connection and producer pools, queues, router), so that the
    next task it sends derives them again from app.conf. Celery has no public call for the
    last part; it does the same itself after a fork (Celery._after_fork)."""
    pools.reset()  # kombu's process-wide pools, one per broker URL
    app._pool = None
    app.__dict__.pop("amqp", None)  # a cached property: rebuilt on first use


def _check_broker(app: Celery, url: str) -> None:
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=CONNECT_TIMEOUT
            )
    except Exception as exc:
        raise WorkerError(
            f"The Celery broker at {url} does not answer ({exc.__class__.__name__}: {exc}). "
            "Start it (CI: redis-server on 127.0.0.1:6379), or unset CELERY_BROKER_URL to "
            "test with Celery's in-memory transport."
        ) from exc


def _start(app: Celery, queue: str) -> tuple[WorkController, threading.Thread]:
    ready = threading.Event()
    worker = WorkController(
        app=app,
        hostname=f"{queue}@localhost",
        queues=[queue],
        pool="solo",  # tasks run in the worker's own thread, one at a time
        concurrency=1,
        without_heartbeat=True,
        without_mingle=True,
        without_gossip=True,
        ready_callback=lambda consumer: ready.set(),
    )

    def run() -> None:
        try:
            worker.start()
        finally:
            # The thread's own database connection would outlive it and keep the test
            # database from being dropped at the end of the run.
            connections.close_all()

    thread = threading.Thread(target=run, name=f"celery {queue}", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not ready.wait(0.05):
        # A worker that cannot start logs why and ends its thread: no need to wait then.
        if not thread.is_alive() or time.monotonic() > deadline:
            _stop(app, worker, thread, queue)
            raise WorkerError(
                f"The Celery test worker did not start consuming {queue} within "
                f"{START_TIMEOUT:.0f} s; the captured log says why."
            )
    return worker, thread


def _stop(app: Celery, worker: WorkController, thread: threading.Thread, queue: str) -> None:
    """Ask the consumer loop to end and wait for its thread. The loop looks at the flag
    between two waits for messages, which last up to two seconds each on the in-memory
    transport; two pings end both waits at once (best effort: a broker that is gone has
    nothing to wait for)."""
    worker_state.should_terminate = 0
    with contextlib.suppress(Exception):
        for _ in range(2):
            app.send_task("celery.ping", queue=queue, ignore_result=True, retry=False)
    try:
        thread.join(STOP_TIMEOUT)
    finally:
        worker_state.should_terminate = None
        if getattr(worker, "hub", None) is not None and get_event_loop() is worker.hub:
            # The worker made its event loop the process-wide one (Redis); the next worker
            # needs a new one, with its own timer.
            set_event_loop(None)
    if thread.is_alive():
        raise WorkerError(
            f"The Celery test worker did not stop within {STOP_TIMEOUT:.0f} s: is a task "
            "stuck, waiting for a lock or for data the test never committed?"
        )


def _remove_queue(app: Celery, queue: str) -> None:
    """Delete the queue with anything left in it, and its binding to the exchange named
    after it. kombu deletes only what this connection knows it declared, so it declares the
    queue (as Celery did) first."""
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=CONNECT_TIMEOUT)
        declared = app.amqp.queues[queue](connection.default_channel)
        declared.declare()
        declared.delete()


@contextmanager
def running_worker(
    app: Celery | None = None, *, broker_url: str | None = None
) -> Iterator[RunningWorker]:
    """Run a worker for `app` (default: the project's) in a thread, on a queue of its own,
    against `broker_url` (default: the configured broker, else the in-memory transport)."""
    app = app or _project_app()
    app.finalize()  # registers the shared tasks (reports.tasks.*) on the app
    url = broker_url or settings.CELERY_BROKER_URL or IN_MEMORY_BROKER
    # Celery prefers the CELERY_BROKER_URL environment variable to its configuration.
    environ = {"CELERY_BROKER_URL": url} if os.environ.get("CELERY_BROKER_URL") else {}
    queue = _queue_name()
    overrides = _overrides(url, queue)
    saved = {key: app.conf[key] for key in overrides}
    saved_clock_lock = app.clock.mutex  # a worker's event loop swaps in a dummy lock
    failures: list[str] = []
    thread: threading.Thread | None = None  # the worker's, once it runs

    def record_failure(sender=None, exception=None, **kwargs):
        if threading.current_thread() is thread:
            failures.append(f"task {sender.name} raised {exception!r} in the worker")

    with mock.patch.dict(os.environ, environ):
        app.conf.update(overrides)
        _forget_broker(app)
        task_failure.connect(record_failure, weak=False)
        try:
            _check_broker(app, maybe_sanitize_url(url))
            worker, thread = _start(app, queue)
            try:
                yield RunningWorker(
                    app=app,
                    queue=queue,
                    broker_url=maybe_sanitize_url(url),
                    thread=thread,
                    failures=failures,
                )
            finally:
                try:
                    _stop(app, worker, thread, queue)
                finally:
                    _remove_queue(app, queue)
        finally:
            task_failure.disconnect(record_failure)
            _forget_broker(app)
            app.conf.update(saved)
            app.clock.mutex = saved_clock_lock


@pytest.fixture(name="celery_worker")
def celery_worker_fixture(transactional_db) -> Iterator[RunningWorker]:
    """A real Celery worker on a queue of its own for this test (see the module docstring).
    What its tasks read must be committed: this fixture brings `transactional_db`. A task
    that raised in the worker fails the test, at the latest when the fixture ends."""
    with running_worker() as worker:
        yield worker
    if worker.failures:
        pytest.fail("; ".join(worker.failures), pytrace=False)
