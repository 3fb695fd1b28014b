from common.emails.services import Email, email_send_once, emails_about

__all__ = ["Email", "email_send_once", "emails_about"]
