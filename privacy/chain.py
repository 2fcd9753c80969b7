"""The access log's hash chain: each entry's `entry_hash` is an HMAC (SHA-256, keyed with
ACCESS_LOG_HMAC_KEY from the environment) over the previous entry's hash and the entry's
own content, including the residents it concerns. Changing, removing, inserting or
reordering a row breaks the chain at that row; without the key nobody can repair it.

The content is a fixed list of fields in a fixed order, serialised as compact JSON, so the
same row always gives the same bytes, whichever database it was read back from.

`verify_chain` walks the whole log and names the first broken link;
`access_log_purge_expired` removes entries past the log's own retention as a prefix of the
chain and seals the new starting point (docs/adr/0002-access-log.md)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessLog, AccessLogChain, AccessLogSubject

# The fields of AccessLog the hash covers, in this order. Adding one means a new chain
# version; never reorder.
CHAINED_FIELDS: tuple[str, ...] = (
    "created_at",
    "user_id",
    "username",
    "roles",
    "organisation",
    "action",
    "granted",
    "reason",
    "case_id_ref",
    "case_reference",
    "object_type",
    "object_id_ref",
    "detail",
    "ip_address",
    "user_agent",
    "path",
)


def chain_key() -> bytes:
    key = settings.ACCESS_LOG_HMAC_KEY
    if not key:
        raise ImproperlyConfigured(
            "ACCESS_LOG_HMAC_KEY ontbreekt: zonder sleutel kan het toegangslog niet worden "
            "beveiligd."
        )
    return key.encode()


def _utc_iso(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    raise TypeError(f"{type(value).__name__} hoort niet in een toegangslogregel")


# Compact JSON, exactly as json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
# writes it, with datetimes through `default`. Built once: json.dumps would build an encoder
# per call, and verification calls this a million times.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_utc_iso)


def _compiled_encode() -> Callable[[list], str]:
    """CPython's compiled encoder called directly, which skips the per-call set-up of
    JSONEncoder.encode; the plain encoder where it is not available."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _ENCODER.encode
    try:
        chunks = make(
            None, _utc_iso, json.encoder.c_encode_basestring, None, ":", ",", False, False, True
        )
    except TypeError:  # a Python whose compiled encoder takes other arguments
        return _ENCODER.encode
    return lambda payload: "".join(chunks(payload, 0))


_encode = _compiled_encode()


def entry_content(values: Sequence, subject_ids: Iterable[int]) -> bytes:
    """The bytes the HMAC covers: the CHAINED_FIELDS values in order, then the sorted
    resident ids of the entry's subjects, as compact JSON; datetimes as UTC ISO 8601 with
    microseconds."""
    payload = list(values)
    payload.append(sorted(subject_ids))
    return _encode(payload).encode()


def entry_hash(key: bytes, prev_hash: str, content: bytes) -> str:
    return hmac.digest(key, prev_hash.encode() + b"\n" + content, "sha256").hex()


def anchor_seal(key: bytes, anchor_id: int, anchor_hash: str) -> str:
    """Seals where the chain starts after older entries were purged, so the starting point
    cannot be moved without the key either."""
    message = f"anchor:{anchor_id}:{anchor_hash}".encode()
    return hmac.digest(key, message, "sha256").hex()


# --- Verification ---------------------------------------------------------------------------

# What verification reads of each entry: its id, the chained content, then both hashes.
_ROW = ("pk", *CHAINED_FIELDS, "prev_hash", "entry_hash")
_CONTENT = slice(1, 1 + len(CHAINED_FIELDS))


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the chain: how many entries were checked and, if it is
    broken, the first entry where it breaks and what is wrong there."""

    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    last_id: int | None = None
    last_hash: str = ""


@dataclass(frozen=True)
class _Head:
    last_hash: str
    anchor_id: int
    anchor_hash: str
    anchor_seal: str


class AccessLogChainBroken(Exception):
    """The part of the log a purge would remove does not verify: removing it would destroy
    the evidence, so nothing is removed."""


def _read_head(*, lock: bool = False) -> _Head:
    qs = AccessLogChain.objects.filter(pk=1)
    if lock:
        qs = qs.select_for_update()
    row = qs.values_list("last_hash", "anchor_id", "anchor_hash", "anchor_seal").first()
    if row is None:
        if lock:  # only after a test flushed the tables
            AccessLogChain.objects.get_or_create(pk=1)
            return _read_head(lock=True)
        return _Head("", 0, "", "")
    return _Head(*row)


def _fetch(after_id: int, limit: int):
    """The next `limit` entries after `after_id` in chain order, as tuples shaped like
    _ROW, with the resident ids of their subjects by entry id. Two indexed range queries,
    no model instances."""
    if connection.vendor == "postgresql":
        return _postgresql_reader(limit)(after_id)
    rows = list(AccessLog.objects.filter(pk__gt=after_id).order_by("pk").values_list(*_ROW)[:limit])
    subjects: dict[int, list[int]] = {}
    if rows:
        pairs = AccessLogSubject.objects.filter(
            entry_id__gte=rows[0][0], entry_id__lte=rows[-1][0]
        ).values_list("entry_id", "resident_id_ref")
        for entry_id, resident_id in pairs:
            subjects.setdefault(entry_id, []).append(resident_id)
    return rows, subjects


def _chunks(after_id: int, limit: int) -> Iterator[tuple[list, dict]]:
    """The log in chain order, chunk by chunk, from `after_id`. On PostgreSQL the next
    chunk is read in the background while the caller checks the current one."""
    if connection.vendor != "postgresql":
        while True:
            rows, subjects = _fetch(after_id, limit)
            if not rows:
                return
            yield rows, subjects
            after_id = rows[-1][0]
    read = _postgresql_reader(limit)
    with ThreadPoolExecutor(max_workers=1) as reader:
        pending = reader.submit(read, after_id)
        while True:
            rows, subjects = pending.result()
            if not rows:
                return
            pending = reader.submit(read, rows[-1][0])
            yield rows, subjects


def _postgresql_reader(limit: int) -> Callable[[int], tuple[list, dict]]:
    """A reader of one chunk that gives what the ORM would, straight from psycopg: with its
    compiled timestamp loader (the ORM's per-row timestamp conversion would otherwise take
    most of a verification's time) and the subjects grouped per entry by the database.

    It uses the same database connection, and so the same transaction and snapshot, from
    one background thread at a time; psycopg connections may be shared between threads,
    each with its own cursor."""
    from psycopg.types.datetime import TimestamptzLoader

    entries = AccessLog.objects.filter(pk__gt=0).order_by("pk").values_list(*_ROW)[:limit]
    entries_sql, _params = entries.query.sql_with_params()  # one parameter: the id to start after
    subjects_sql = (
        "SELECT entry_id, array_agg(resident_id_ref) "  # noqa: S608 - a table name from the model
        f"FROM {connection.ops.quote_name(AccessLogSubject._meta.db_table)} "
        "WHERE entry_id BETWEEN %s AND %s GROUP BY entry_id"
    )
    database = connections[DEFAULT_DB_ALIAS]  # this thread's, not the reader thread's
    database.ensure_connection()
    raw = database.connection

    def read(after_id: int) -> tuple[list, dict]:
        with database.wrap_database_errors, raw.cursor() as cursor:
            cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
            cursor.execute(entries_sql, [after_id])
            rows = cursor.fetchall()
            if not rows:
                return rows, {}
            cursor.execute(subjects_sql, [rows[0][0], rows[-1][0]])
            return rows, dict(cursor.fetchall())

    return read


def _link_problem(entry_id: int) -> str:
    return _(
        "Regel %(id)s: verwijst niet naar de vorige regel (regel verwijderd of verplaatst)"
    ) % {"id": entry_id}


def _hash_problem(entry_id: int) -> str:
    return _("Regel %(id)s: hash klopt niet (inhoud gewijzigd of regel ingevoegd)") % {
        "id": entry_id
    }


def _check(key: bytes, prev: str, rows, subjects) -> tuple[str, int, int | None, str]:
    """Recompute each entry's hash from the one before it. Returns the last good hash, how
    many entries were good, and the first broken entry's id with what is wrong there."""
    checked = 0
    for row in rows:
        entry_id = row[0]
        if row[-2] != prev:
            return prev, checked, entry_id, _link_problem(entry_id)
        digest = entry_hash(key, prev, entry_content(row[_CONTENT], subjects.get(entry_id, ())))
        if digest != row[-1]:
            return prev, checked, entry_id, _hash_problem(entry_id)
        prev = digest
        checked += 1
    return prev, checked, None, ""


def _anchor_problem(key: bytes, head: _Head) -> str:
    """Where the chain starts after a purge is sealed with the key; an entry with an id at
    or before that point was put there afterwards."""
    if head.anchor_id and not hmac.compare_digest(
        head.anchor_seal, anchor_seal(key, head.anchor_id, head.anchor_hash)
    ):
        return _(
            "Het beginpunt van de keten (na regel %(id)s) is niet geldig verzegeld "
            "(beginpunt verplaatst of gewijzigd)"
        ) % {"id": head.anchor_id}
    return ""


def _verify(key: bytes, chunk_size: int) -> VerifyResult:
    head = _read_head()
    problem = _anchor_problem(key, head)
    if problem:
        return VerifyResult(ok=False, checked=0, problem=problem)
    stray = (
        AccessLog.objects.filter(pk__lte=head.anchor_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if stray is not None:
        return VerifyResult(
            ok=False,
            checked=0,
            first_broken_id=stray,
            problem=_("Regel %(id)s: staat vóór het beginpunt van de keten (regel ingevoegd)")
            % {"id": stray},
        )

    prev, checked, last_id = head.anchor_hash, 0, None
    # Entries written while this runs follow the head as it was read; the walk must pass it.
    head_reached = prev == head.last_hash
    with closing(_chunks(head.anchor_id, chunk_size)) as chunks:
        for rows, subjects in chunks:
            start = prev
            prev, good, broken_id, problem = _check(key, prev, rows, subjects)
            checked += good
            if broken_id is not None:
                return VerifyResult(
                    ok=False, checked=checked, first_broken_id=broken_id, problem=problem
                )
            if not head_reached:
                head_reached = start == head.last_hash or any(
                    row[-1] == head.last_hash for row in rows
                )
            last_id = rows[-1][0]

    if not head_reached:
        return VerifyResult(
            ok=False,
            checked=checked,
            first_broken_id=last_id,
            problem=_(
                "Laatste regel komt niet overeen met de kop van de keten (laatste regel "
                "verwijderd): na regel %(id)s ontbreekt wat de kop als laatste noemt"
            )
            % {"id": last_id if last_id is not None else head.anchor_id},
            last_id=last_id,
            last_hash=prev,
        )
    return VerifyResult(ok=True, checked=checked, last_id=last_id, last_hash=prev)


def verify_chain(*, chunk_size: int = 10_000) -> VerifyResult:
    """Walk the access log from where the chain starts to its head, recomputing every
    entry's HMAC, and report the first entry where the chain breaks.

    On PostgreSQL the walk reads one snapshot of the log (a read-only repeatable-read
    transaction), so writers carry on undisturbed and a purge running at the same time
    cannot make the chain look broken."""
    key = chain_key()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return _verify(key, chunk_size)
    for _attempt in range(3):
        anchor_id = _read_head().anchor_id
        result = _verify(key, chunk_size)
        # Without a snapshot, a purge that moved the start during the walk is retried.
        if result.ok or _read_head().anchor_id == anchor_id:
            break
    return result


# --- The log's own retention ----------------------------------------------------------------


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def access_log_purge_expired(*, today: date | None = None, batch_size: int = 10_000) -> int:
    """Remove the entries older than ACCESS_LOG_RETENTION_YEARS, with their subject rows,
    and return how many went. Entries go as a prefix of the chain, in batches that each
    lock the head briefly: the last removed entry's hash becomes the sealed starting point,
    so the rest still verifies. What is removed is verified first; if it does not verify,
    nothing is removed (AccessLogChainBroken), because that would destroy the evidence."""
    key = chain_key()
    day = today or timezone.localdate()
    cutoff = timezone.make_aware(
        datetime.combine(_years_before(day, settings.ACCESS_LOG_RETENTION_YEARS), time.min)
    )
    removed = 0
    while True:
        count = _purge_batch(key, cutoff, batch_size)
        removed += count
        if count < batch_size:
            return removed


def _purge_batch(key: bytes, cutoff: datetime, batch_size: int) -> int:
    with transaction.atomic():
        head = _read_head(lock=True)
        problem = _anchor_problem(key, head)
        if problem:
            raise AccessLogChainBroken(problem)
        rows, subjects = _fetch(head.anchor_id, batch_size)
        created_at = 1  # CHAINED_FIELDS[0]
        expired = []
        for row in rows:
            if row[created_at] >= cutoff:
                break
            expired.append(row)
        if not expired:
            return 0
        new_anchor_hash, _good, broken_id, problem = _check(
            key, head.anchor_hash, expired, subjects
        )
        if broken_id is not None:
            raise AccessLogChainBroken(
                _("Het toegangslog is niet opgeschoond: %(problem)s") % {"problem": problem}
            )
        new_anchor_id = expired[-1][0]
        _delete_entries(after_id=head.anchor_id, until_id=new_anchor_id)
        AccessLogChain.objects.filter(pk=1).update(
            anchor_id=new_anchor_id,
            anchor_hash=new_anchor_hash,
            anchor_seal=anchor_seal(key, new_anchor_id, new_anchor_hash),
            purged_count=F("purged_count") + len(expired),
        )
    return len(expired)


def _delete_entries(*, after_id: int, until_id: int) -> None:
    """The one deliberate deletion of log rows, around the ORM's append-only guard. On
    PostgreSQL the trigger lets it through only while this transaction says so."""
    quote = connection.ops.quote_name
    subjects = quote(AccessLogSubject._meta.db_table)
    entries = quote(AccessLog._meta.db_table)
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("SET LOCAL privacy.purge_access_log = 'on'")
        # Table names come from the models, the bounds are parameters.
        cursor.execute(
            f"DELETE FROM {subjects} WHERE entry_id > %s AND entry_id <= %s",  # noqa: S608
            [after_id, until_id],
        )
        cursor.execute(
            f"DELETE FROM {entries} WHERE id > %s AND id <= %s",  # noqa: S608
            [after_id, until_id],
        )
        if postgresql:  # also when an outer transaction goes on after this one
            cursor.execute("SET LOCAL privacy.purge_access_log = 'off'")
