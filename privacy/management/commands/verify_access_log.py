from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from privacy.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Controleert de hash-keten van het toegangslog: herberekent de sleutel-hash van "
        "elke regel en meldt de eerste regel waar de keten breekt. Eindigt met een "
        "foutcode als het log is gewijzigd, ingekort of aangevuld."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=10_000,
            help="Aantal regels dat per databasevraag wordt gelezen (standaard 10000).",
        )

    def handle(self, *args, chunk_size: int, **options):
        if chunk_size < 1:
            raise CommandError(_("--chunk-size moet minstens 1 zijn."))
        result = verify_chain(chunk_size=chunk_size)
        self.stdout.write(_("Gecontroleerd: %(count)s regels.") % {"count": result.checked})
        if not result.ok:
            raise CommandError(result.problem)
        if result.last_id is not None:
            # Kept outside the database (the command's output), this shows later whether
            # the newest entries were cut off together with the head.
            self.stdout.write(
                _("Kop van de keten: regel %(id)s, hash %(hash)s")
                % {"id": result.last_id, "hash": result.last_hash}
            )
        self.stdout.write(self.style.SUCCESS(_("Toegangslog intact")))
