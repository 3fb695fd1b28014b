from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """The intent to run a Celery task, stored in the transaction of the data it concerns.

    A relay hands it to the broker after the commit; while the broker is down it stays pending and
    the beat job `common.tasks.outbox_relay_pending` sends it later.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    # Optional: while a message with this key is pending, enqueuing the same key again adds nothing.
    key = models.CharField(_("key"), max_length=200, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        app_label = "common"
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(status="pending") & ~Q(key=""), name="outbox_one_pending_per_key"
            )
        ]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)} ({self.get_status_display()})"
