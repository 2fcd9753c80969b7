from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.services import exports_remove_expired


class Command(BaseCommand):
    help = "Verwijdert PDF-rapporten waarvan de downloadtermijn voorbij is."

    def handle(self, *args, **options) -> None:
        removed = exports_remove_expired()
        self.stdout.write(_("%(n)d rapport(en) verwijderd.") % {"n": removed})
