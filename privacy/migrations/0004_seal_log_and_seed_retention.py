"""Seal the entries written before the log was chained, create the chain's head, and seed
the retention rules with their documented defaults."""

from django.db import migrations


def seal_and_seed(apps, schema_editor):
    from privacy.chain import CHAINED_FIELDS, chain_key, entry_content, entry_hash
    from privacy.constants import RETENTION_DEFAULTS

    AccessLog = apps.get_model("privacy", "AccessLog")
    AccessLogSubject = apps.get_model("privacy", "AccessLogSubject")
    AccessLogChain = apps.get_model("privacy", "AccessLogChain")
    RetentionRule = apps.get_model("privacy", "RetentionRule")

    last_hash = ""
    if AccessLog.objects.exists():
        key = chain_key()
        subjects: dict[int, list[int]] = {}
        for entry_id, resident_id in AccessLogSubject.objects.values_list(
            "entry_id", "resident_id_ref"
        ):
            subjects.setdefault(entry_id, []).append(resident_id)
        for row in AccessLog.objects.order_by("pk").values("pk", *CHAINED_FIELDS).iterator():
            values = [row[field] for field in CHAINED_FIELDS]
            digest = entry_hash(key, last_hash, entry_content(values, subjects.get(row["pk"], [])))
            # The ORM's guard does not exist in migrations; this one-time seal is the only
            # write to existing entries there will ever be.
            AccessLog.objects.filter(pk=row["pk"]).update(prev_hash=last_hash, entry_hash=digest)
            last_hash = digest
    AccessLogChain.objects.update_or_create(pk=1, defaults={"last_hash": last_hash})

    for regime, (years, source) in RETENTION_DEFAULTS.items():
        RetentionRule.objects.get_or_create(
            regime=regime, defaults={"years": years, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_chain_review_emergency_retention")]

    operations = [migrations.RunPython(seal_and_seed, migrations.RunPython.noop)]
