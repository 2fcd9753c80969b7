from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Gebruikers en teams")

    def ready(self) -> None:
        from .services import roles_sync_after_migrate

        # Roles are data: after every migrate the groups get exactly the permissions that
        # accounts.constants.ROLE_PERMISSIONS lists, so a new issue only edits that table.
        post_migrate.connect(roles_sync_after_migrate, sender=self)
