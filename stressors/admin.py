from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import StressorType


@admin.register(StressorType)
class StressorTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "leg", "life_domain", "is_active")
    list_filter = ("leg", "life_domain", "is_active")
    search_fields = ("name",)
