"""The privacy app in the admin: the access log to read (never to change), and the retention
rules for the functional administrator. Everything else of the privacy officer's work lives
at /privacy/, behind the permission layer."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .constants import AccessAction, AccessReason
from .models import AccessLog, RetentionRule
from .permissions import is_privacy_officer
from .services import access_log_record


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: no adding, changing or deleting, and no bulk actions. Only privacy
    officers (and superusers) see it. Opening an entry shows the residents it concerns and
    is itself logged."""

    list_display = (
        "created_at",
        "username",
        "action",
        "granted",
        "reason",
        "case_reference",
        "object_type",
        "object_id_ref",
        "ip_address",
    )
    list_filter = ("action", "granted", "reason")
    search_fields = ("=username", "=case_reference")
    search_help_text = _("Precies een gebruikersnaam of casusnummer, bv. 2026-000123.")
    readonly_fields = ("residents",)
    list_per_page = 50
    show_full_result_count = False
    actions = None

    @admin.display(description=_("betrokken inwoners (id)"))
    def residents(self, obj: AccessLog) -> str:
        ids = obj.subjects.order_by("resident_id_ref").values_list("resident_id_ref", flat=True)
        return ", ".join(str(i) for i in ids) or "—"

    def has_module_permission(self, request) -> bool:
        return is_privacy_officer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_privacy_officer(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET" and self.has_view_permission(request):
            access_log_record(
                user=request.user,
                request=request,
                action=AccessAction.VIEW,
                reason=AccessReason.PRIVACY_REVIEW,
                resident_ids=obj.subjects.values_list("resident_id_ref", flat=True),
                object_type="access_log",
                object_id=obj.pk,
            )
        return obj


class RetentionRuleForm(forms.ModelForm):
    years = forms.IntegerField(
        label=_("bewaartermijn in jaren na afsluiten"),
        min_value=1,
        max_value=100,
        error_messages={
            "min_value": _("Een bewaartermijn is ten minste 1 jaar."),
            "max_value": _("Een bewaartermijn is ten hoogste 100 jaar."),
        },
    )

    class Meta:
        model = RetentionRule
        fields = ("years", "source")


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """The functional administrator adjusts the term of each regime to the municipality's
    own selection list and notes the source. The set of regimes is fixed: no adding or
    deleting."""

    form = RetentionRuleForm
    list_display = ("regime", "years", "source")
    fields = ("regime", "years", "source")
    readonly_fields = ("regime",)
    actions = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
