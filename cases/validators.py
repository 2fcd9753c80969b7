"""Validators for Dutch identifiers. Messages are shown to professionals as they are."""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_POSTCODE_RE = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})$")


def bsn_is_valid(value: str) -> bool:
    """The 11-proef: 9 digits, weighted 9..2 and -1 for the last, sum divisible by 11."""
    if not re.fullmatch(r"[0-9]{9}", value or "") or value == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(value, weights, strict=True)) % 11 == 0


def validate_bsn(value: str) -> None:
    if not re.fullmatch(r"[0-9]{9}", value or ""):
        raise ValidationError(_("Een BSN bestaat uit precies 9 cijfers."), code="bsn_format")
    if not bsn_is_valid(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het voldoet niet aan de elfproef. Controleer de cijfers."),
            code="bsn_checksum",
        )


def normalize_postcode(value: str) -> str:
    """'1234ab' and ' 1234 AB ' both become '1234 AB'; anything else is returned as typed."""
    cleaned = re.sub(r"\s+", "", (value or "").upper())
    match = _POSTCODE_RE.match(cleaned)
    return f"{match.group(1)} {match.group(2)}" if match else (value or "").strip()


def validate_postcode(value: str) -> None:
    match = _POSTCODE_RE.match(value or "")
    # SA, SD and SS are never issued as postcode letters.
    if not match or match.group(2) in {"SA", "SD", "SS"}:
        raise ValidationError(_("Vul een Nederlandse postcode in, zoals 1234 AB."), code="postcode")


def validate_not_in_future(value: date | datetime) -> None:
    if isinstance(value, datetime):
        in_future = value > timezone.now()
    else:
        in_future = value > timezone.localdate()
    if in_future:
        raise ValidationError(_("Deze datum ligt in de toekomst."), code="future")
