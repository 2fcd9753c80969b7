"""Functional administration (beheerder): users, teams and organisations. Case content is
deliberately not in the admin: it is reachable only through the permission layer."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .constants import Role
from .models import Organisation, Team, User
from .services import team_create, user_set_roles


class RolesFormMixin(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("rollen"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Een teamleider ziet alle casussen van zijn of haar eigen team."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = self.instance.roles


class UserChangeForm(RolesFormMixin, BaseUserAdmin.form):
    pass


class UserCreationForm(RolesFormMixin, BaseUserAdmin.add_form):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("username", "first_name", "last_name", "team", "organisation", "is_active")
    list_filter = ("is_active", "team", "organisation", "groups")
    list_select_related = ("team", "organisation")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "phone", "job_title")}),
        (_("Werk"), {"fields": ("organisation", "team", "roles")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_demo", "last_login")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email")}),
        (_("Werk"), {"fields": ("organisation", "team", "roles")}),
    )
    readonly_fields = ("last_login",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Roles are set through the service, which also keeps team-leader groups in step.
        user_set_roles(user=form.instance, roles=form.cleaned_data.get("roles", []))


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "district", "organisation")
    search_fields = ("name", "district")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = team_create(name=obj.name, district=obj.district, organisation=obj.organisation)
        obj.pk = created.pk
        obj.leaders_group = created.leaders_group


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "phone", "email")
    list_filter = ("kind",)
    search_fields = ("name",)
