"""`manage.py load_demo_data`: fill a demo installation with fictitious data and show the
demo logins. Each app that has demo data provides `<app>/demo.py` with a `load()` function;
this command only runs them, in order, in one transaction."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.demo import DEMO_PASSWORD, demo_logins

# Each loader is called as `load(log=..., **results)`, where `results` maps the app label of
# every loader that ran before it to what that loader returned (e.g. `accounts=...`). A
# loader adds nothing when its data is already there, so running the command twice is safe.
DEMO_LOADERS = [
    "accounts.demo",
    "cases.demo",
    "doorbraak.demo",
    "privacy.demo",
    "reports.demo",
]

LOGIN_URL = "http://127.0.0.1:8000/accounts/login/"


class Command(BaseCommand):
    help = "Laadt fictieve demodata (gemeente Demodam) en toont de demo-accounts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ook laden als de demomodus uit staat (DEBUG=false).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEMO_MODE and not force:
            raise CommandError(
                _(
                    "De demomodus staat uit: demodata hoort niet in een echte omgeving. "
                    "Gebruik --force als je het toch wilt."
                )
            )
        results: dict[str, object] = {}
        with transaction.atomic():
            for path in DEMO_LOADERS:
                app_label = path.partition(".")[0]
                results[app_label] = import_module(path).load(log=self.stdout.write, **results)
        self._print_logins()

    def _print_logins(self) -> None:
        headers = (_("Gebruikersnaam"), _("Rol"), _("Team"))
        rows = [(login.username, login.role, login.team) for login in demo_logins()]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(3)]

        def line(cells) -> str:
            padded = (str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
            return ("  " + "  ".join(padded)).rstrip()

        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                _("Demo-accounts (wachtwoord voor allemaal: %(password)s)")
                % {"password": DEMO_PASSWORD}
            )
        )
        self.stdout.write(line(headers))
        self.stdout.write(line("-" * w for w in widths))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write("")
        self.stdout.write(_("Inloggen: %(url)s") % {"url": LOGIN_URL})
        if not settings.DEMO_MODE:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Let op: de demomodus staat uit, dus demo-accounts kunnen niet "
                        "inloggen. Zet DEBUG=true om de demo te gebruiken."
                    )
                )
            )
