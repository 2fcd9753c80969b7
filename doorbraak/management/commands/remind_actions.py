from django.core.management.base import BaseCommand

from doorbraak.services import actions_remind


class Command(BaseCommand):
    help = (
        "Mailt de eigenaren van acties die vandaag of eerder af moesten. Eén herinnering per "
        "actie per dag. Zonder Celery: dagelijks via cron."
    )

    def handle(self, *args, **options):
        sent = actions_remind()
        self.stdout.write(f"{sent} herinnering(en) verstuurd.")
