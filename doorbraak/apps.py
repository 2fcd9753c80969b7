from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoorbraakConfig(AppConfig):
    name = "doorbraak"
    verbose_name = _("Doorbraaktafel")
