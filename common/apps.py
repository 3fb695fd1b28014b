from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self):
        from common import login_throttle  # noqa: F401  (connects the failed-login counter)
        from common.lookups import register

        register()
