from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelRulesConfig(AppConfig):
    name = "channelrules"
    verbose_name = _("Channel rules")
