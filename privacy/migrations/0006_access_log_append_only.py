"""Make the access log append-only in the database itself (PostgreSQL): a trigger refuses
every UPDATE and DELETE of its rows. The log's own retention purge is the one exception:
it deletes only with `SET LOCAL privacy.purge_access_log = 'on'` in its transaction
(privacy.chain.access_log_purge_expired). TRUNCATE, which test databases use to empty
tables, fires no row triggers and is unaffected.

Runs after 0004, which sealed the existing rows with an UPDATE before the trigger existed.
SQLite has no such trigger; there the application's guard is the only one."""

from django.db import migrations

TABLES = ("privacy_accesslog", "privacy_accesslogsubject")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION privacy_access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('privacy.purge_access_log', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION
        'Het toegangslog is alleen aanvullend: % op % is niet toegestaan', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # keep the % of RAISE as they are
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION privacy_access_log_append_only()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS privacy_access_log_append_only()")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0005_access_reason_privacy_review")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
