from django.db import models
from django.utils.translation import gettext_lazy as _

from common import display
from common.emails.models import EmailLog
from common.outbox.models import OutboxMessage

__all__ = ["EmailLog", "JobRun", "OutboxMessage"]


class JobRun(models.Model):
    """A record of each scheduled job's run, so operators can see that beat and the worker are alive."""

    name = models.CharField(_("job"), max_length=100)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["name", "-started_at"])]

    def __str__(self):
        return f"{self.name} @ {display.moment(self.started_at)}"
