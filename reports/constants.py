from django.db import models
from django.utils.translation import gettext_lazy as _

# Every count of people or cases below this is shown as "<5", and so is every figure
# computed from fewer than this many (a median, an average, a share, a sum of money).
SUPPRESSION_THRESHOLD = 5
SUPPRESSED_TEXT = "<5"
# Any other hidden figure: one computed from fewer than 5, or one hidden so that a small
# count cannot be computed back. It may well be 5 or more, so it must not read "<5".
HIDDEN_TEXT = "x"

# Longest period one report may cover; a longer one is refused with a message.
MAX_PERIOD_DAYS = 5 * 366


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Wordt gemaakt")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


FINISHED_STATUSES = (ExportStatus.DONE, ExportStatus.FAILED)
