from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StressorsConfig(AppConfig):
    name = "stressors"
    verbose_name = _("Stressoren")
