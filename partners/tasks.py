from celery import shared_task
from django.db import OperationalError

from common.retrying import retry_on
from partners.imports.services import sales_import_process as process


@shared_task(**retry_on(OperationalError))
def sales_import_process(import_id: int) -> None:
    """A large sales file queued by the upload page; a rerun finds the import started and does nothing."""
    process(import_id=import_id)
