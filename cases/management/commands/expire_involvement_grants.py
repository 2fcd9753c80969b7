from django.core.management.base import BaseCommand

from cases.services import involvement_grants_expire


class Command(BaseCommand):
    help = (
        "Neemt de toegang in van collega's van wie de betrokkenheid is beëindigd. "
        "Draai dagelijks (Celery beat doet dit vanzelf als er een broker is)."
    )

    def handle(self, *args, **options):
        count = involvement_grants_expire()
        self.stdout.write(f"Toegang herberekend voor {count} casus(sen).")
