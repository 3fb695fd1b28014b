from common.emails.services import Email, email_send_once, emails_about, one_line, render_plain

__all__ = ["Email", "email_send_once", "emails_about", "one_line", "render_plain"]
