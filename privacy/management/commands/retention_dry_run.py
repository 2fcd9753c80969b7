"""`manage.py retention_dry_run`: what the nightly retention run would remove tonight, as a
table. Changes nothing."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.retention import RetentionCandidate, retention_apply


def _day(value: date) -> str:
    return f"{value:%d-%m-%Y}"


def candidate_table(candidates: list[RetentionCandidate]) -> list[str]:
    """The lines of the table: one row per case, a line after each case on legal hold."""
    headers = (
        _("Casusnummer"),
        _("Team"),
        _("Soort dossier"),
        _("Afgesloten"),
        _("Bewaren tot"),
        _("Inwoners die meegaan"),
    )
    rows = [
        (
            c.reference,
            c.team,
            c.regime_label,
            _day(c.closed_on),
            _day(c.retain_until),
            str(c.residents),
        )
        for c in candidates
    ]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(headers), line("-" * w for w in widths)]
    for candidate, row in zip(candidates, rows, strict=True):
        lines.append(line(row))
        if candidate.on_hold:
            lines.append(
                "    "
                + _("blijft: staat onder bewaarplicht (%(reason)s)")
                % {"reason": candidate.legal_hold_reason}
            )
    return lines


def summary(candidates: list[RetentionCandidate]) -> str:
    going = [c for c in candidates if not c.on_hold]
    held = len(candidates) - len(going)
    return _(
        "Totaal: %(cases)s casus(sen) gaan weg, met %(households)s huishouden(s) en "
        "%(residents)s inwoner(s); %(held)s casus(sen) blijven door bewaarplicht."
    ) % {
        "cases": len(going),
        "households": sum(c.households for c in going),
        "residents": sum(c.residents for c in going),
        "held": held,
    }


def write_dry_run(stdout, candidates: list[RetentionCandidate]) -> None:
    if not candidates:
        stdout.write(_("Vannacht gaat er niets weg: geen casus heeft zijn bewaartermijn bereikt."))
        return
    stdout.write(_("Wat er vannacht weggaat (proefdraai, er is niets gewijzigd):"))
    for text in candidate_table(candidates):
        stdout.write(text)
    stdout.write(summary(candidates))


class Command(BaseCommand):
    help = (
        "Toont welke afgesloten casussen vannacht weggaan omdat hun bewaartermijn voorbij is. "
        "Wijzigt niets."
    )

    def handle(self, *args, **options) -> None:
        write_dry_run(self.stdout, retention_apply(dry_run=True))
