from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.IntegerChoices):
    MILD = 1, _("1 – licht")
    MODERATE = 2, _("2 – matig")
    SEVERE = 3, _("3 – ernstig")


class StressorStatus(models.TextChoices):
    SIGNALLED = "gesignaleerd", _("Gesignaleerd")
    IN_PROGRESS = "in_aanpak", _("In aanpak")
    REMOVED = "weggenomen", _("Weggenomen")
    STABILISED = "gestabiliseerd", _("Gestabiliseerd")


# A stressor is tackled, then removed; one that cannot be removed is contained
# (gestabiliseerd), and may later be tackled again or still removed. Removed is final: a
# stressor that returns is registered anew, so its time to removal stays true.
STRESSOR_TRANSITIONS: dict[str, tuple[str, ...]] = {
    StressorStatus.SIGNALLED: (
        StressorStatus.IN_PROGRESS,
        StressorStatus.REMOVED,
        StressorStatus.STABILISED,
    ),
    StressorStatus.IN_PROGRESS: (StressorStatus.REMOVED, StressorStatus.STABILISED),
    StressorStatus.STABILISED: (StressorStatus.IN_PROGRESS, StressorStatus.REMOVED),
    StressorStatus.REMOVED: (),
}

ACTIVE_STATUSES = (StressorStatus.SIGNALLED, StressorStatus.IN_PROGRESS)

# An active stressor with no change for this long is overdue.
OVERDUE_AFTER = timedelta(weeks=4)
