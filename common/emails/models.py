from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class EmailLog(models.Model):
    """Every email the application sends, recorded (pending) before it leaves and marked sent after.

    The key — kind, partner, recipient, period, version, and `about` for emails that are not about a
    partner's period (an application, a certificate) — is unique, so a retried task finds the row and
    sends only what is still pending. A corrected report is a new version, hence a new email.
    """

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
        INVITATION = "invitation", _("Portal invitation")
        SCORECARD = "scorecard", _("Partner scorecard")
        MANAGER_SUMMARY = "manager_summary", _("Manager summary")
        CERTIFICATE_HOLDER = "certificate_holder", _("Certificate holder")
        CERTIFICATE_MANAGER = "certificate_manager", _("Channel manager")
        SURVEY_INVITATION = "survey_invitation", _("Survey invitation")
        SURVEY_REMINDER = "survey_reminder", _("Survey reminder")
        APPLICATION_OWNER = "application_owner", _("New application for its owner")
        DEAL_PROTECTION_ENDING = "deal_protection_ending", _("Deal protection ending")
        LEAD_OFFERED = "lead_offered", _("Lead offered")
        INVENTORY_REMINDER = "inventory_reminder", _("Inventory report reminder")
        RUN_FINISHED = "run_finished", _("Calculation finished")
        BANK_ACCOUNT_CHANGE = "bank_account_change", _("Bank account change to verify")
        STATEMENT_DISPUTE = "statement_dispute", _("Statement disputed")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # The partner's id, not a foreign key: `common` sits below `partners` and must not depend on it.
    partner_id = models.PositiveIntegerField(_("partner"), null=True, blank=True, db_index=True)
    recipient = models.EmailField(_("recipient"))
    period = models.CharField(_("period"), max_length=10, blank=True, default="")
    version = models.PositiveIntegerField(_("version"), default=1)
    about = models.CharField(_("about"), max_length=60, blank=True, default="")
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    # The figures it reported, so that a later version can say what changed.
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        app_label = "common"
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                F("kind"),
                Coalesce("partner_id", Value(0)),
                F("recipient"),
                F("period"),
                F("version"),
                F("about"),
                name="email_log_sent_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_status_display()})"
