"""`manage.py apply_retention`: remove the closed cases whose retention period is over, as
the nightly task does (for installations without a Celery broker). `--dry-run` only shows
what would go."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.retention import retention_apply

from .retention_dry_run import write_dry_run


class Command(BaseCommand):
    help = (
        "Verwijdert afgesloten casussen waarvan de bewaartermijn voorbij is, met hun "
        "geschiedenis; er blijft een anoniem restant. Met --dry-run wordt niets gewijzigd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            "--proefdraai",
            action="store_true",
            dest="dry_run",
            help="Alleen tonen wat er weg zou gaan; niets wijzigen.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if dry_run:
            write_dry_run(self.stdout, retention_apply(dry_run=True))
            return
        removed = retention_apply(dry_run=False)
        for candidate in removed:
            self.stdout.write(
                _("Verwijderd: casus %(ref)s (%(team)s), bewaren tot %(date)s.")
                % {
                    "ref": candidate.reference,
                    "team": candidate.team,
                    "date": f"{candidate.retain_until:%d-%m-%Y}",
                }
            )
        self.stdout.write(
            _("%(count)s casus(sen) verwijderd; er is van elk een anoniem restant bewaard.")
            % {"count": len(removed)}
        )
