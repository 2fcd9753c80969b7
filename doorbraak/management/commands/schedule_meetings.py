from django.core.management.base import BaseCommand

from doorbraak.services import meetings_schedule_upcoming


class Command(BaseCommand):
    help = (
        "Zorgt dat van elk team de volgende twee doorbraaktafels bestaan. Veilig om vaker te "
        "draaien. Zonder Celery: dagelijks via cron."
    )

    def handle(self, *args, **options):
        created = meetings_schedule_upcoming()
        self.stdout.write(f"{len(created)} doorbraaktafel(s) ingepland.")
