"""How long verifying the access log takes: builds a chained log of a million entries (about
1.5 residents each), times `verify_chain()` and prints the figure. It checks that the chain
verifies and that one altered row in the middle is found, but never asserts on the time:
the figure is for people to read (docs/adr/0002-access-log.md).

Run with `make benchmark` (PostgreSQL through DATABASE_URL; SQLite otherwise, where a smaller
BENCHMARK_ENTRIES is kinder). The data lives in the test transaction and is rolled back."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from privacy.chain import CHAINED_FIELDS, chain_key, entry_content, entry_hash, verify_chain
from privacy.constants import AccessAction, AccessReason
from privacy.models import AccessLog, AccessLogChain, AccessLogSubject

ENTRIES = int(os.environ.get("BENCHMARK_ENTRIES", "1000000"))
BATCH = 10_000
POSTGRESQL = connection.vendor == "postgresql"
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
ACTIONS = [AccessAction.VIEW, AccessAction.VIEW, AccessAction.LIST, AccessAction.SEARCH]
REASONS = [AccessReason.COORDINATOR, AccessReason.INVOLVED, AccessReason.TEAM_LEAD]
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
COLUMNS = ("id", *(AccessLog._meta.get_field(f).column for f in CHAINED_FIELDS))
COLUMNS += ("prev_hash", "entry_hash")


def _subjects(number: int) -> list[int]:
    """One resident for even entries, two for odd ones: 1.5 on average."""
    first = 1 + number % 50_000
    return [first] if number % 2 == 0 else [first, first + 1]


def _chained_rows(first_id: int, count: int) -> Iterator[tuple]:
    """Entries as a day's work of fifty professionals would leave them, each chained to the
    one before with the real key and primitives."""
    key = chain_key()
    prev = ""
    for number in range(count):
        case_id = 1 + number % 20_000
        values = (
            START + timedelta(seconds=number, microseconds=number % 997),
            None,
            f"professional{number % 50}",
            "professional",
            "Gemeente Voorbeeld",
            ACTIONS[number % len(ACTIONS)],
            number % 97 != 0,
            REASONS[number % len(REASONS)],
            case_id,
            f"2026-{case_id:06d}",
            "case",
            case_id,
            "",
            f"10.0.{number % 250}.{1 + number % 200}",
            USER_AGENT,
            f"/casussen/{case_id}/",
        )
        digest = entry_hash(key, prev, entry_content(values, _subjects(number)))
        yield (first_id + number, *values, prev, digest)
        prev = digest


def _load(first_id: int, count: int) -> str:
    """Insert the chained log (COPY on PostgreSQL, bulk_create elsewhere) and set the
    chain's head; returns the last hash."""
    last_hash = ""
    if POSTGRESQL:
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY privacy_accesslog ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in _chained_rows(first_id, count):
                    copy.write_row(row)
                    last_hash = row[-1]
            with raw.copy(
                "COPY privacy_accesslogsubject (entry_id, resident_id_ref) FROM STDIN"
            ) as copy:
                for number in range(count):
                    for resident_id in _subjects(number):
                        copy.write_row((first_id + number, resident_id))
            # As autovacuum would have done on a log this size.
            cursor.execute("ANALYZE privacy_accesslog")
            cursor.execute("ANALYZE privacy_accesslogsubject")
    else:
        names = ("pk", *CHAINED_FIELDS, "prev_hash", "entry_hash")
        entries, subjects = [], []
        for row in _chained_rows(first_id, count):
            entries.append(AccessLog(**dict(zip(names, row, strict=True))))
            subjects.extend(
                AccessLogSubject(entry_id=row[0], resident_id_ref=resident_id)
                for resident_id in _subjects(row[0] - first_id)
            )
            last_hash = row[-1]
            if len(entries) == BATCH:
                AccessLog.objects.bulk_create(entries)
                AccessLogSubject.objects.bulk_create(subjects)
                entries, subjects = [], []
        AccessLog.objects.bulk_create(entries)
        AccessLogSubject.objects.bulk_create(subjects)
    AccessLogChain.objects.update_or_create(pk=1, defaults={"last_hash": last_hash})
    return last_hash


def _alter(entry_id: int) -> None:
    """Change one row as someone with database access would: triggers switched off."""
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE privacy_accesslog DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE privacy_accesslog SET username = 'mallory' WHERE id = %s", [entry_id]
        )
        if POSTGRESQL:
            cursor.execute("ALTER TABLE privacy_accesslog ENABLE TRIGGER USER")


def test_verify_a_million_entries(db):
    assert not AccessLog.objects.exists(), "the benchmark needs an empty log"
    started = time.perf_counter()
    with transaction.atomic():
        _load(first_id=1, count=ENTRIES)
    print(
        f"\nOpgebouwd: {ENTRIES} regels en {AccessLogSubject.objects.count()} betrokkenen "
        f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )

    started, cpu = time.perf_counter(), time.process_time()
    result = verify_chain()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"Geverifieerd: {result.checked} regels in {seconds:.1f} s "
        f"({result.checked / seconds:,.0f} regels/s)".replace(",", ".")
    )
    # The machine's load explains a slow figure: the database shares the cores.
    print(f"Rekentijd van dit proces: {cpu:.1f} s; belasting: {os.getloadavg()[0]:.1f}")
    assert result.ok, result.problem
    assert result.checked == ENTRIES

    middle = ENTRIES // 2
    _alter(middle)
    started = time.perf_counter()
    broken = verify_chain()
    print(
        f"Gewijzigde regel {middle} gevonden in {time.perf_counter() - started:.1f} s: "
        f"{broken.problem}"
    )
    assert (broken.ok, broken.first_broken_id) == (False, middle)
