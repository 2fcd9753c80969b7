from django.db import models

from cases import permissions
from privacy.constants import AccessAction, AccessReason
from privacy.models import AccessLog, AccessLogSubject
from privacy.services import access_log_record
from tests.cases.factories import resident


def test_access_log_records_each_resident_once(professional_a):
    entry = access_log_record(
        user=professional_a, action=AccessAction.LIST, resident_ids=[7, 3, 7, 3, 11]
    )

    assert sorted(entry.subjects.values_list("resident_id_ref", flat=True)) == [3, 7, 11]


def test_access_log_records_who_with_which_roles_and_organisation(professional_a):
    entry = access_log_record(
        user=professional_a,
        action=AccessAction.VIEW,
        reason=AccessReason.COORDINATOR,
        resident_ids=[1],
    )

    entry.refresh_from_db()
    assert (entry.user, entry.username, entry.roles) == (professional_a, "femke", "professional")
    assert (entry.action, entry.reason, entry.granted) == (
        AccessAction.VIEW,
        AccessReason.COORDINATOR,
        True,
    )


def test_access_log_subjects_hold_plain_ids_not_foreign_keys():
    field = AccessLogSubject._meta.get_field("resident_id_ref")

    assert not field.is_relation
    assert isinstance(field, models.PositiveBigIntegerField)
    for name in ("case_id_ref", "object_id_ref"):
        assert not AccessLog._meta.get_field(name).is_relation, name


def test_access_log_outlives_the_resident_it_speaks_of(professional_a):
    person = resident(acting_user=professional_a)
    resident_id = person.pk
    permissions.access_resident(professional_a, resident_id)

    person.delete()

    subject = AccessLogSubject.objects.get()
    assert subject.resident_id_ref == resident_id
    assert subject.entry.object_id_ref == resident_id
    assert subject.entry.reason == AccessReason.REGISTRAR
