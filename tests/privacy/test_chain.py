"""The access log cannot be changed unseen: every entry is chained to the one before it with
an HMAC, `manage.py verify_access_log` names the first broken link, the application and
(on PostgreSQL) the database refuse to change or remove entries, and the log's own retention
purge removes old entries without breaking the chain.

Tampering is done the way someone with direct database access would: raw SQL, and on
PostgreSQL first switching off the append-only triggers, as the tables' owner can."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from privacy.chain import (
    CHAINED_FIELDS,
    AccessLogChainBroken,
    access_log_purge_expired,
    entry_content,
    entry_hash,
    verify_chain,
)
from privacy.constants import AccessAction, AccessReason
from privacy.models import (
    AccessLog,
    AccessLogChain,
    AccessLogSubject,
    AppendOnlyError,
    RetentionRule,
)
from privacy.services import access_log_record

POSTGRESQL = connection.vendor == "postgresql"
only_on_postgresql = pytest.mark.skipif(
    not POSTGRESQL,
    reason="the append-only trigger exists only on PostgreSQL (CI runs these tests there)",
)
LOG = AccessLog._meta.db_table
SUBJECTS = AccessLogSubject._meta.db_table


# --- Helpers --------------------------------------------------------------------------------


def tamper(sql: str, params=()) -> None:
    """Change the tables behind the application's back. On PostgreSQL the triggers are
    switched off first, which is what a database administrator could do (after checking
    the pending foreign keys, which PostgreSQL requires before altering a table)."""
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in (LOG, SUBJECTS):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if POSTGRESQL:
            for table in (LOG, SUBJECTS):
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def run_verify() -> tuple[int, str]:
    """The command's exit status and what it said (a CommandError exits with its code)."""
    out = StringIO()
    try:
        call_command("verify_access_log", stdout=out)
    except CommandError as error:
        return error.returncode, f"{out.getvalue()}{error}"
    return 0, out.getvalue()


@contextmanager
def written_at(moment):
    """Entries written inside carry `moment` as their time, as if written back then."""
    field = AccessLog._meta.get_field("created_at")
    field._get_default  # noqa: B018 - fill the cached default first, to put it back after
    saved = field.__dict__["_get_default"]
    field.__dict__["_get_default"] = lambda: moment
    try:
        yield
    finally:
        field.__dict__["_get_default"] = saved


def years_ago(years: int, days: int = 0):
    return timezone.now() - timedelta(days=365 * years + years // 4 + 1 + days)


@pytest.fixture
def entries(professional_a) -> list[int]:
    """Five entries, each about two residents of its own, written through the service."""
    ids = []
    for number in range(5):
        entry = access_log_record(
            user=professional_a,
            action=AccessAction.VIEW,
            reason=AccessReason.COORDINATOR,
            resident_ids=[100 + 2 * number, 101 + 2 * number],
            object_type="resident",
            object_id=100 + 2 * number,
        )
        ids.append(entry.pk)
    return ids


def _row(entry_id: int) -> dict:
    return AccessLog.objects.values().get(pk=entry_id)


# --- An intact chain ------------------------------------------------------------------------


def test_entry_written_through_the_service_verifies(professional_a):
    entry = access_log_record(user=professional_a, action=AccessAction.LIST, resident_ids=[3, 1])

    result = verify_chain()

    assert result.ok, result.problem
    assert result.checked >= 1
    assert result.last_id == entry.pk
    assert result.last_hash == entry.entry_hash


def test_each_entry_points_to_the_one_before_it(entries):
    hashes = dict(AccessLog.objects.values_list("pk", "entry_hash"))

    for before, after in itertools.pairwise(entries):
        assert _row(after)["prev_hash"] == hashes[before]


def test_command_reports_an_intact_log_and_exits_zero(entries):
    status, output = run_verify()

    assert status == 0
    assert "Toegangslog intact" in output
    assert "Gecontroleerd: 5 regels" in output


def test_verification_reads_the_log_in_chunks_of_any_size(entries):
    assert verify_chain(chunk_size=2).ok
    assert verify_chain(chunk_size=1).checked == 5


def test_an_empty_log_verifies(db):
    assert verify_chain().ok


def test_chain_made_with_another_key_does_not_verify(entries):
    with override_settings(ACCESS_LOG_HMAC_KEY="een-andere-sleutel"):
        result = verify_chain()

    assert not result.ok
    assert result.first_broken_id == entries[0]


def test_hashed_content_is_compact_json_of_the_fields_and_sorted_residents():
    """The bytes behind every stored hash: changing this format breaks every existing chain."""
    moment = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=timezone.get_fixed_timezone(60))
    values = [moment, 7, "zoë", "", None, "view", True, 12, "10.0.0.1"]

    content = entry_content(values, [5, 3])

    assert content == json.dumps(
        ["2026-03-01T08:30:15.123456+00:00", *values[1:], [3, 5]],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


def test_entry_hash_is_an_hmac_sha256_over_the_previous_hash_and_the_content():
    expected = hmac.new(b"sleutel", b"vorige\ninhoud", hashlib.sha256).hexdigest()

    assert entry_hash(b"sleutel", "vorige", b"inhoud") == expected


# --- Tampering is detected at the first broken entry ----------------------------------------


def test_modified_row_is_named(entries):
    tamper("UPDATE privacy_accesslog SET username = %s WHERE id = %s", ["mallory", entries[2]])

    status, output = run_verify()

    assert status != 0
    assert f"Regel {entries[2]}: hash klopt niet" in output


def test_modified_time_is_named(entries):
    row = _row(entries[1])
    tamper(
        "UPDATE privacy_accesslog SET created_at = %s WHERE id = %s",
        [row["created_at"] - timedelta(days=1), entries[1]],
    )

    result = verify_chain()

    assert (result.ok, result.first_broken_id) == (False, entries[1])


def test_deleted_row_in_the_middle_is_named_at_the_row_after_it(entries):
    tamper("DELETE FROM privacy_accesslogsubject WHERE entry_id = %s", [entries[2]])
    tamper("DELETE FROM privacy_accesslog WHERE id = %s", [entries[2]])

    status, output = run_verify()

    assert status != 0
    assert f"Regel {entries[3]}: verwijst niet naar de vorige regel" in output


def test_deleted_last_row_is_detected_against_the_head(entries):
    tamper("DELETE FROM privacy_accesslogsubject WHERE entry_id = %s", [entries[-1]])
    tamper("DELETE FROM privacy_accesslog WHERE id = %s", [entries[-1]])

    status, output = run_verify()

    assert status != 0
    assert "Laatste regel komt niet overeen met de kop van de keten" in output
    assert f"na regel {entries[-2]}" in output


def test_inserted_row_with_a_forged_hash_is_named(entries):
    last = _row(entries[-1])
    forged = AccessLog(username="mallory", action=AccessAction.VIEW)
    values = [getattr(forged, field) for field in CHAINED_FIELDS]
    forged.prev_hash = last["entry_hash"]
    forged.entry_hash = entry_hash(b"geraden-sleutel", forged.prev_hash, entry_content(values, []))
    forged.save()
    AccessLogChain.objects.filter(pk=1).update(last_hash=forged.entry_hash)

    status, output = run_verify()

    assert status != 0
    assert f"Regel {forged.pk}: hash klopt niet" in output


def test_reordered_rows_are_named_at_the_first_of_them(entries):
    first, second = entries[1], entries[2]
    a, b = _row(first), _row(second)
    columns = [f.column for f in AccessLog._meta.concrete_fields if not f.primary_key]
    # Column names from the model, values as parameters.
    swap = f"UPDATE privacy_accesslog SET {', '.join(f'{c} = %s' for c in columns)} WHERE id = %s"  # noqa: S608
    tamper(swap, [b[c] for c in columns] + [first])
    tamper(swap, [a[c] for c in columns] + [second])
    tamper(
        "UPDATE privacy_accesslogsubject SET entry_id = CASE WHEN entry_id = %s THEN %s "
        "ELSE %s END WHERE entry_id IN (%s, %s)",
        [first, second, first, first, second],
    )

    status, output = run_verify()

    assert status != 0
    assert f"Regel {first}: verwijst niet naar de vorige regel" in output


def test_removed_subject_is_named(entries):
    tamper(
        "DELETE FROM privacy_accesslogsubject WHERE entry_id = %s AND resident_id_ref = %s",
        [entries[3], 107],
    )

    status, output = run_verify()

    assert status != 0
    assert f"Regel {entries[3]}: hash klopt niet" in output


def test_changed_subject_is_named(entries):
    tamper(
        "UPDATE privacy_accesslogsubject SET resident_id_ref = %s "
        "WHERE entry_id = %s AND resident_id_ref = %s",
        [999, entries[3], 107],
    )

    result = verify_chain()

    assert (result.ok, result.first_broken_id) == (False, entries[3])


def test_added_subject_is_named(entries):
    AccessLogSubject.objects.create(entry_id=entries[0], resident_id_ref=999)

    result = verify_chain()

    assert (result.ok, result.first_broken_id) == (False, entries[0])


# --- The application refuses to change or remove entries ------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda entry: AccessLog.objects.filter(pk=entry.pk).update(username="mallory"),
        lambda entry: AccessLog.objects.filter(pk=entry.pk).delete(),
        lambda entry: AccessLog.objects.all().delete(),
        lambda entry: entry.save(),
        lambda entry: entry.delete(),
        lambda entry: AccessLogSubject.objects.filter(entry=entry).update(resident_id_ref=1),
        lambda entry: AccessLogSubject.objects.filter(entry=entry).delete(),
        lambda entry: entry.subjects.first().save(),
        lambda entry: entry.subjects.first().delete(),
    ],
    ids=[
        "update-entries",
        "delete-entries",
        "delete-all-entries",
        "save-entry",
        "delete-entry",
        "update-subjects",
        "delete-subjects",
        "save-subject",
        "delete-subject",
    ],
)
def test_orm_refuses_to_change_the_log_and_changes_nothing(entries, change):
    entry = AccessLog.objects.get(pk=entries[2])
    entry.username = "mallory"
    before = (list(AccessLog.objects.values()), list(AccessLogSubject.objects.values()))

    with pytest.raises(AppendOnlyError):
        change(entry)

    assert (list(AccessLog.objects.values()), list(AccessLogSubject.objects.values())) == before
    assert verify_chain().ok


@only_on_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE privacy_accesslog SET username = 'mallory' WHERE id = %s",
        "DELETE FROM privacy_accesslog WHERE id = %s",
        "UPDATE privacy_accesslogsubject SET resident_id_ref = 1 WHERE entry_id = %s",
        "DELETE FROM privacy_accesslogsubject WHERE entry_id = %s",
    ],
    ids=["update-entry", "delete-entry", "update-subject", "delete-subject"],
)
def test_database_refuses_raw_sql_changes(entries, sql):
    before = (list(AccessLog.objects.values()), list(AccessLogSubject.objects.values()))

    with (
        pytest.raises(DatabaseError, match="alleen aanvullend"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entries[2]])

    assert (list(AccessLog.objects.values()), list(AccessLogSubject.objects.values())) == before


@only_on_postgresql
def test_database_refuses_updates_even_in_a_purge(entries):
    with (
        pytest.raises(DatabaseError, match="alleen aanvullend"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL privacy.purge_access_log = 'on'")
        cursor.execute(
            "UPDATE privacy_accesslog SET username = 'mallory' WHERE id = %s", [entries[2]]
        )

    assert _row(entries[2])["username"] == "femke"


def test_database_flush_still_empties_the_log(entries):
    """Test databases are emptied with TRUNCATE (PostgreSQL), which the trigger allows."""
    statements = connection.ops.sql_flush(no_style(), [SUBJECTS, LOG])

    with connection.cursor() as cursor:
        if POSTGRESQL:  # as in a real flush, no foreign key checks are pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)

    assert not AccessLog.objects.exists()


def test_writing_without_the_key_is_refused_and_writes_nothing(professional_a):
    with (
        override_settings(ACCESS_LOG_HMAC_KEY=""),
        pytest.raises(ImproperlyConfigured, match="ACCESS_LOG_HMAC_KEY"),
    ):
        access_log_record(user=professional_a, action=AccessAction.VIEW, resident_ids=[1])

    assert not AccessLog.objects.exists()


def test_verifying_without_the_key_is_refused(entries):
    with override_settings(ACCESS_LOG_HMAC_KEY=""), pytest.raises(ImproperlyConfigured):
        verify_chain()


# --- The log's own retention ----------------------------------------------------------------


@pytest.fixture
def aged_log(professional_a) -> dict[str, int]:
    """Two entries older than five years, one four years old and one of today."""
    ids = {}
    for name, moment, residents in [
        ("old", years_ago(6), [1, 2]),
        ("older_than_five", years_ago(5, days=2), [3]),
        ("four_years", years_ago(4), [4]),
        ("today", timezone.now(), [5, 6]),
    ]:
        with written_at(moment):
            ids[name] = access_log_record(
                user=professional_a, action=AccessAction.VIEW, resident_ids=residents
            ).pk
    return ids


def test_purge_removes_entries_older_than_the_retention_with_their_subjects(aged_log):
    removed = access_log_purge_expired()

    assert removed == 2
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {
        aged_log["four_years"],
        aged_log["today"],
    }
    assert sorted(AccessLogSubject.objects.values_list("resident_id_ref", flat=True)) == [4, 5, 6]


def test_log_still_verifies_after_a_purge_and_keeps_growing(aged_log, professional_a):
    access_log_purge_expired()
    access_log_record(user=professional_a, action=AccessAction.VIEW, resident_ids=[7])

    status, output = run_verify()

    assert status == 0, output
    assert "Gecontroleerd: 3 regels" in output


def test_purge_records_where_the_chain_now_starts(aged_log):
    access_log_purge_expired()

    head = AccessLogChain.objects.get(pk=1)
    assert (head.anchor_id, head.purged_count) == (aged_log["older_than_five"], 2)
    assert _row(aged_log["four_years"])["prev_hash"] == head.anchor_hash


def test_purge_keeps_an_entry_from_the_first_day_within_the_retention(professional_a):
    """Five years before 15 June 2030 is 15 June 2025: a minute before that day goes, a
    minute into it stays."""
    ids = []
    for moment in (datetime(2025, 6, 14, 23, 59), datetime(2025, 6, 15, 0, 1)):
        with written_at(timezone.make_aware(moment)):
            ids.append(access_log_record(user=professional_a, action=AccessAction.VIEW).pk)

    removed = access_log_purge_expired(today=date(2030, 6, 15))

    assert removed == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == ids[1:]


def test_purge_follows_the_configured_retention(aged_log):
    with override_settings(ACCESS_LOG_RETENTION_YEARS=10):
        removed = access_log_purge_expired()

    assert removed == 0
    assert AccessLog.objects.count() == 4


def test_purge_removes_only_a_prefix_of_the_chain(professional_a):
    """An old entry after a newer one waits: the chain is cut at one place only."""
    ids = []
    for moment in (years_ago(7), years_ago(1), years_ago(6)):
        with written_at(moment):
            ids.append(access_log_record(user=professional_a, action=AccessAction.VIEW).pk)

    assert access_log_purge_expired() == 1
    assert list(AccessLog.objects.order_by("pk").values_list("pk", flat=True)) == ids[1:]
    assert verify_chain().ok


def test_purge_works_in_batches(aged_log):
    assert access_log_purge_expired(batch_size=1) == 2
    assert verify_chain().ok
    assert AccessLogChain.objects.get(pk=1).purged_count == 2


def test_purge_twice_removes_nothing_more(aged_log):
    access_log_purge_expired()

    assert access_log_purge_expired() == 0
    assert verify_chain().ok


def test_purge_refuses_to_remove_a_tampered_part_of_the_log(aged_log):
    tamper("UPDATE privacy_accesslog SET username = %s WHERE id = %s", ["mallory", aged_log["old"]])

    with pytest.raises(AccessLogChainBroken, match=f"Regel {aged_log['old']}"):
        access_log_purge_expired()

    assert AccessLog.objects.count() == 4


def test_moved_start_of_the_chain_is_detected(aged_log):
    access_log_purge_expired()
    AccessLogChain.objects.filter(pk=1).update(anchor_id=aged_log["old"])

    status, output = run_verify()

    assert status != 0
    assert "niet geldig verzegeld" in output


def test_entry_slipped_in_before_the_start_of_the_chain_is_named(aged_log):
    access_log_purge_expired()
    forged = AccessLog(
        pk=aged_log["old"], username="mallory", action=AccessAction.VIEW, prev_hash="x"
    )
    forged.save(force_insert=True)

    status, output = run_verify()

    assert status != 0
    assert f"Regel {aged_log['old']}: staat vóór het beginpunt" in output


@only_on_postgresql
def test_database_refuses_deletes_again_after_a_purge(aged_log):
    access_log_purge_expired()

    with (
        pytest.raises(DatabaseError, match="alleen aanvullend"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM privacy_accesslog WHERE id = %s", [aged_log["today"]])


# --- The admin ------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "geheim-wachtwoord")


def test_admin_lists_the_log_without_add_or_bulk_actions(client, superuser, entries):
    client.force_login(superuser)

    response = client.get(reverse("admin:privacy_accesslog_changelist"))

    assert response.status_code == 200
    assert "femke" in response.text
    assert 'name="action"' not in response.text  # no "delete selected" or any other action
    assert reverse("admin:privacy_accesslog_add") not in response.text


def test_admin_shows_an_entry_without_a_delete_button_or_save(client, superuser, entries):
    client.force_login(superuser)

    response = client.get(reverse("admin:privacy_accesslog_change", args=[entries[2]]))

    assert response.status_code == 200
    assert "104, 105" in response.text  # the residents it concerns
    assert reverse("admin:privacy_accesslog_delete", args=[entries[2]]) not in response.text
    assert 'name="_save"' not in response.text


def test_admin_refuses_to_change_an_entry(client, superuser, entries):
    client.force_login(superuser)
    row = _row(entries[2])

    response = client.post(
        reverse("admin:privacy_accesslog_change", args=[entries[2]]),
        {**{k: v for k, v in row.items() if v is not None}, "username": "mallory"},
    )

    assert response.status_code == 403
    assert _row(entries[2]) == row


@pytest.mark.parametrize("view", ["add", "delete"])
def test_admin_refuses_to_add_or_delete_entries(client, superuser, entries, view):
    client.force_login(superuser)
    args = [] if view == "add" else [entries[2]]

    response = client.post(reverse(f"admin:privacy_accesslog_{view}", args=args), {"post": "yes"})

    assert response.status_code == 403
    assert AccessLog.objects.filter(pk__in=entries).count() == 5


def test_opening_an_entry_in_the_admin_is_logged(client, superuser, entries):
    client.force_login(superuser)

    client.get(reverse("admin:privacy_accesslog_change", args=[entries[2]]))

    newest = AccessLog.objects.order_by("-pk").first()
    assert (newest.user, newest.object_type, newest.object_id_ref) == (
        superuser,
        "access_log",
        entries[2],
    )
    assert sorted(newest.subjects.values_list("resident_id_ref", flat=True)) == [104, 105]


def test_staff_without_privacy_review_cannot_see_the_log(client, beheerder, entries):
    client.force_login(beheerder)

    response = client.get(reverse("admin:privacy_accesslog_changelist"))

    assert response.status_code == 403


def test_privacy_officer_with_admin_access_can_read_the_log(client, privacy_officer, entries):
    User.objects.filter(pk=privacy_officer.pk).update(is_staff=True)
    client.force_login(privacy_officer)

    response = client.get(reverse("admin:privacy_accesslog_changelist"))

    assert response.status_code == 200


def test_beheerder_changes_the_years_of_a_retention_rule(client, beheerder):
    rule = RetentionRule.objects.get(regime="wmo")
    client.force_login(beheerder)

    response = client.post(
        reverse("admin:privacy_retentionrule_change", args=[rule.pk]),
        {"years": 12, "source": "Selectielijst van de gemeente, besluit 2026"},
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.regime, rule.years) == ("wmo", 12)


def test_retention_rule_of_zero_years_is_refused(client, beheerder):
    rule = RetentionRule.objects.get(regime="wmo")
    client.force_login(beheerder)

    response = client.post(
        reverse("admin:privacy_retentionrule_change", args=[rule.pk]),
        {"years": 0, "source": rule.source},
    )

    assert response.status_code == 200
    assert "ten minste 1 jaar" in response.text
    assert RetentionRule.objects.get(pk=rule.pk).years == rule.years


def test_beheerder_sees_every_regime_but_cannot_add_or_delete_one(client, beheerder):
    client.force_login(beheerder)
    rule = RetentionRule.objects.get(regime="jeugd")

    listing = client.get(reverse("admin:privacy_retentionrule_changelist"))
    add = client.get(reverse("admin:privacy_retentionrule_add"))
    delete = client.post(
        reverse("admin:privacy_retentionrule_delete", args=[rule.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert listing.text.count("/change/") >= RetentionRule.objects.count()
    assert (add.status_code, delete.status_code) == (403, 403)
    assert RetentionRule.objects.filter(pk=rule.pk).exists()
