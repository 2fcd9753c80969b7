"""Only the catalogue is managed here. Residents, households and cases have no admin:
every read of them goes through the permission layer and is logged."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Tariff


@admin.register(Tariff)
class TariffAdmin(SimpleHistoryAdmin):
    list_display = ("name", "help_kind", "unit", "price", "is_active")
    list_filter = ("help_kind", "is_active")
    search_fields = ("name",)
