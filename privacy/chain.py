"""The access log's hash chain: each entry's `entry_hash` is an HMAC (SHA-256, keyed with
ACCESS_LOG_HMAC_KEY from the environment) over the previous entry's hash and the entry's
own content, including the residents it concerns. Changing, removing, inserting or
reordering a row breaks the chain at that row; without the key nobody can repair it.

The content is a fixed list of fields in a fixed order, serialised as compact JSON, so the
same row always gives the same bytes, whichever database it was read back from."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_content(values: Sequence, subject_ids: Iterable[int]) -> bytes:
    """The bytes the HMAC covers: the CHAINED_FIELDS values in order, then the sorted
    resident ids of the entry's subjects."""
    payload = [_plain(v) for v in values]
    payload.append(sorted(subject_ids))
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(key: bytes, prev_hash: str, content: bytes) -> str:
    return hmac.new(key, prev_hash.encode() + b"\n" + content, hashlib.sha256).hexdigest()


def anchor_seal(key: bytes, anchor_id: int, anchor_hash: str) -> str:
    """Seals where the chain starts after older entries were purged, so the starting point
    cannot be moved without the key either."""
    message = f"anchor:{anchor_id}:{anchor_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
