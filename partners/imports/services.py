"""Run a sales import: check the whole file, then write it in batches inside one transaction.

Nothing is written when any row is bad. Rows are upserted on (partner, external reference): a row seen
before with the same values is left alone (unchanged), with other values it is updated, else created,
so importing the same file twice does not duplicate anything. Each run is recorded as a `SalesImport`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.core.files import File
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.imports.checking import ChangedDuringImport, CheckReport
from common.imports.errors import register
from common.imports.reading import RawRow
from common.imports.running import file_kind, import_file, import_rows
from common.outbox import outbox_enqueue
from partners.imports.checking import sales_import_spec
from partners.imports.columns import COLUMNS
from partners.imports.rows import SalesRow, category_key
from partners.models import Partner, ProductCategory, Region, SalesImport, SalesRecord
from partners.sales_months import sales_months_refresh
from partners.services import sales_link_returns

register(messages={"not_an_object": _("This item is not an object of named fields.")}, labels={})

BATCH = 1000
COMPARED = (
    "date",
    "amount",
    "quantity",
    "category_id",
    "new_customers",
    "kind",
    "original_ref",
    "product_code",
    "unit_price",
    "customer_region_id",
)
# An import still "in progress" after this long died with its process; the same file may be imported again.
STALE_AFTER = dt.timedelta(hours=1)
# A larger upload is imported by the worker, not in the request: about 40,000 CSV rows, some 10 seconds.
BACKGROUND_FROM = 2 * 1024 * 1024
# One sales import writes at a time: two files sharing a (partner, reference) would otherwise both insert it.
WRITE_LOCK = 0x5A1E5
# What a database that went away mid-import raises (the server restarted, the connection was killed).
DATABASE_LOST = (OperationalError, InterfaceError)


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportInProgress(Exception):
    """The same file (by content) is being imported right now."""


def sales_import_submit(*, file, file_name: str, by, partner: Partner | None = None) -> SalesImport:
    """An upload from a page: a small file is imported at once, a large one queued for the worker."""
    size = file.size if getattr(file, "size", None) is not None else len(file.read())
    file.seek(0)
    if size > BACKGROUND_FROM:
        return sales_import_queue(file=file, file_name=file_name, by=by, partner=partner)
    return sales_import_run(file=file, file_name=file_name, by=by, partner=partner)


def sales_import_run(*, file, file_name: str, by=None, partner: Partner | None = None, dry_run: bool = False):
    """Import the sales file `file` (a binary file object; read twice). With `partner` (portal uploads)
    only that partner's rows are accepted and they are stored with source=portal. Returns the
    `SalesImport` (not saved on a dry run, which only checks). Raises ImportInProgress when the same
    file is being imported by another request at this moment."""
    record = _new_record(file=file, file_name=file_name, by=by, partner=partner, status=SalesImport.Status.RUNNING)
    if not dry_run:
        _claim(record)
    return _execute(record, file=file, dry_run=dry_run)


def sales_import_queue(*, file, file_name: str, by=None, partner: Partner | None = None) -> SalesImport:
    """Leave a large file to the worker: stored, recorded as waiting, and the task queued through the
    outbox in the same transaction. The import's page shows its progress. Raises ImportInProgress."""
    record = _new_record(file=file, file_name=file_name, by=by, partner=partner, status=SalesImport.Status.QUEUED)
    with transaction.atomic():
        _claim(record)
        record.upload.save(f"{record.pk}{PurePath(record.file_name).suffix.lower()}", File(file), save=True)
        outbox_enqueue("partners.tasks.sales_import_process", record.pk)
    return record


def sales_records_push(*, items: Sequence, by, partner: Partner | None, label: str) -> SalesImport:
    """Sales records sent by another system (the REST API). Each item is a row of the sales file as an object
    (the same column names), checked by the same row rule, partner lookup and duplicate check and written by the
    same all-or-nothing upsert on (partner, external reference), so sending a batch again duplicates nothing.
    Items are numbered from 1 in the order sent; an error's `row` is that number. With `partner` (a partner's
    token) only that partner's items are accepted. Recorded as a `SalesImport` with source "api" named after
    `label` (the token's name). Raises ImportInProgress while the same batch is being written."""
    body = json.dumps(items, sort_keys=True, ensure_ascii=False, default=str).encode()
    record = SalesImport(
        uploaded_by=by if getattr(by, "pk", None) else None,
        file_name=label[:255],
        partner=partner,
        source=SalesRecord.Source.API,
        status=SalesImport.Status.RUNNING,
        file_sha256=hashlib.sha256(body).hexdigest(),
    )
    _claim(record)
    return _execute(record, items=items, dry_run=False)


def item_rows(items: Sequence) -> Iterator[RawRow]:
    """The API's items as the pipeline's rows: an object's keys are the file's column names."""
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield RawRow(number, {}, problem="not_an_object")
            continue
        values = {name: item.get(name) for name in COLUMNS}
        if any(isinstance(value, str) and "\x00" in value for value in values.values()):
            yield RawRow(number, {}, problem="row_nul")  # as a file's row with NUL: the database keeps no NUL
            continue
        yield RawRow(number, values)


def sales_import_process(*, import_id: int) -> SalesImport | None:
    """The worker's side of `sales_import_queue`. Idempotent: only a waiting import is started, once."""
    if not SalesImport.objects.filter(pk=import_id, status=SalesImport.Status.QUEUED).update(
        status=SalesImport.Status.RUNNING
    ):
        return None
    record = SalesImport.objects.select_related("partner").get(pk=import_id)
    try:
        with record.upload.open("rb") as file:
            record = _execute(record, file=file, dry_run=False, lost=SalesImport.Status.QUEUED)
    except DATABASE_LOST:
        # The database went away mid-import: its transaction rolled back, nothing was written. The import
        # waits again with its file kept, and the task's retry (on OperationalError) imports it.
        raise
    except BaseException:
        _drop_upload(record)
        raise
    _drop_upload(record)
    return record


def _drop_upload(record: SalesImport) -> None:
    record.upload.delete(save=False)
    SalesImport.objects.filter(pk=record.pk).update(upload="")


def _new_record(*, file, file_name: str, by, partner: Partner | None, status: str) -> SalesImport:
    if file_kind(file_name) is None:
        raise ValueError(f"Not a CSV or XLSX file name: {file_name!r}")
    return SalesImport(
        uploaded_by=by if getattr(by, "pk", None) else None,
        file_name=PurePath(file_name).name[:255],
        partner=partner,
        source=SalesRecord.Source.PORTAL if partner else SalesRecord.Source.IMPORT,
        status=status,
        file_sha256=file_digest(file),
    )


def _execute(
    record: SalesImport,
    *,
    file=None,
    items: Sequence | None = None,
    dry_run: bool,
    lost: str = SalesImport.Status.REJECTED,
) -> SalesImport:
    """Check and write a file or pushed items; on any failure the import is released (rejected, or `lost`
    when the database connection dropped), so that it is never left "in progress"."""
    started = time.perf_counter()
    try:
        categories, regions = category_keys(), region_keys()
        spec = sales_import_spec(
            categories=categories,
            regions=regions,
            find_partners=existing_partner_codes,
            own_partner=record.partner.code if record.partner else None,
        )
        write = lambda rows: _write(rows, categories=categories, regions=regions, source=record.source)  # noqa: E731
        if items is not None:
            report, counts = import_rows(lambda: item_rows(items), spec=spec, write=write, dry_run=dry_run)
        else:
            kind = file_kind(record.file_name)
            report, counts = import_file(file, kind=kind, spec=spec, write=write, dry_run=dry_run)
    except BaseException as error:
        if not dry_run:  # never leave the file "in progress" behind (a dropped connection reconnects here)
            status = lost if isinstance(error, DATABASE_LOST) else SalesImport.Status.REJECTED
            SalesImport.objects.filter(pk=record.pk).update(status=status)
        raise
    return _finish(record, report=report, counts=counts, started=started, save=not dry_run)


def file_digest(file) -> str:
    file.seek(0)
    digest = hashlib.file_digest(getattr(file, "file", file), "sha256").hexdigest()
    file.seek(0)
    return digest


def _claim(record: SalesImport) -> None:
    """Record the import as in progress, committed at once: a unique constraint on in-progress imports of
    the same content turns a second, simultaneous upload of the file into ImportInProgress."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                record.save()
            return
        except IntegrityError:
            stale = SalesImport.objects.filter(
                file_sha256=record.file_sha256,
                status__in=[SalesImport.Status.QUEUED, SalesImport.Status.RUNNING],
                created_at__lt=timezone.now() - STALE_AFTER,
            )
            if not stale.update(status=SalesImport.Status.REJECTED):
                break
    raise ImportInProgress


def _finish(record: SalesImport, *, report: CheckReport, counts: WriteCounts | None, started: float, save: bool):
    record.status = SalesImport.Status.IMPORTED if report.ok else SalesImport.Status.REJECTED
    record.rows_total = report.rows
    if counts is not None:
        record.rows_new, record.rows_updated, record.rows_unchanged = counts.new, counts.updated, counts.unchanged
    record.bad_rows, record.error_count = report.bad_rows, report.error_count
    record.errors = [error.as_dict() for error in report.errors]
    record.seconds = Decimal(f"{time.perf_counter() - started:.2f}")
    if save:
        record.full_clean()
        record.save()
    return record


def category_keys() -> dict[str, int]:
    """Every way a file may name a product category (its code or its name, any case) → its pk."""
    keys = {}
    for pk, code, name in ProductCategory.objects.values_list("pk", "code", "name"):
        keys.setdefault(category_key(name), pk)
        keys[category_key(code)] = pk  # a code wins over another category's identical name
    return keys


def region_keys() -> dict[str, int]:
    """Every way a file may name the customer's province or city (its code or its name, any case) → its pk."""
    keys = {}
    for pk, code, name in Region.objects.values_list("pk", "code", "name"):
        keys.setdefault(category_key(name), pk)
        keys[category_key(code)] = pk
    return keys


def existing_partner_codes(codes: set[str]) -> set[str]:
    return set(Partner.objects.filter(code__in=codes).values_list("code", flat=True))


def _write(
    rows: Iterable[SalesRow], *, categories: dict[str, int], regions: dict[str, int], source: str
) -> WriteCounts:
    """The second pass, inside the pipeline's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
    counts = WriteCounts()
    touched: set[tuple[int, dt.date]] = set()
    for batch in _batches(rows, BATCH):
        _upsert(batch, categories=categories, regions=regions, source=source, counts=counts, touched=touched)
    # The monthly summary in the same transaction: a rejected or failed file leaves it as it was.
    sales_months_refresh(keys=touched)
    return counts


def _upsert(
    batch: list[SalesRow],
    *,
    categories: dict[str, int],
    regions: dict[str, int],
    source: str,
    counts: WriteCounts,
    touched: set[tuple[int, dt.date]],
) -> None:
    """Three or four queries per batch: the partners, the existing records, the inserts, the updates. Adds the
    (partner, date) keys of the months it changed to `touched` (a line's old month as well as its new one)."""
    partner_pks = dict(Partner.objects.filter(code__in={row.partner_code for row in batch}).values_list("code", "pk"))
    if len(partner_pks) != len({row.partner_code for row in batch}):
        raise ChangedDuringImport
    existing = {
        (record.partner_id, record.external_ref): record
        for record in SalesRecord.objects.filter(
            partner_id__in=set(partner_pks.values()), external_ref__in={row.external_ref for row in batch}
        ).only("pk", "partner_id", "external_ref", *COMPARED)
    }
    to_create, to_update = [], []
    for row in batch:
        partner_pk, category_pk = partner_pks[row.partner_code], categories[row.category]
        region_pk = regions[row.customer_region] if row.customer_region else None
        current = existing.get((partner_pk, row.external_ref))
        if current is None:
            touched.add((partner_pk, row.date))
            # In INSERTED's order. Rows were validated by partners.imports.rows; the database enforces the constraints.
            to_create.append(
                (
                    partner_pk,
                    row.date,
                    row.amount,
                    row.quantity,
                    category_pk,
                    row.new_customers,
                    source,
                    row.external_ref,
                    row.kind,
                    row.original_ref,
                    row.product_code,
                    row.unit_price,
                    region_pk,
                )
            )
            continue
        compared = (row.date, row.amount, row.quantity, category_pk, row.new_customers, row.kind, row.original_ref)
        compared += (row.product_code, row.unit_price, region_pk)
        values = dict(zip(COMPARED, compared, strict=True))
        if any(getattr(current, name) != value for name, value in values.items()):
            touched.update({(partner_pk, current.date), (partner_pk, row.date)})
            for name, value in values.items():
                setattr(current, name, value)
            current.source = source
            to_update.append(current)
        else:
            counts.unchanged += 1
    _insert(to_create)
    if to_update:
        SalesRecord.objects.bulk_update(to_update, [*COMPARED, "source"])
    _link_originals(set(partner_pks.values()))
    counts.new += len(to_create)
    counts.updated += len(to_update)


INSERTED = (
    "partner_id",
    "date",
    "amount",
    "quantity",
    "category_id",
    "new_customers",
    "source",
    "external_ref",
    "kind",
    "original_ref",
    "product_code",
    "unit_price",
    "customer_region_id",
)


def _link_originals(partner_ids: set[int]) -> None:
    if partner_ids:
        sales_link_returns(partner_ids=partner_ids)


def _insert(rows: list[tuple]) -> None:
    """New rows (tuples in INSERTED's order). On PostgreSQL through COPY, without building model
    instances: several times faster than INSERT for a 100,000-row file."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        SalesRecord.objects.bulk_create([SalesRecord(**dict(zip(INSERTED, row, strict=True))) for row in rows])
        return
    now = timezone.now()
    quote = connection.ops.quote_name
    table = quote(SalesRecord._meta.db_table)
    columns = ", ".join(quote(SalesRecord._meta.get_field(name.removesuffix("_id")).column) for name in INSERTED)
    statement = f"COPY {table} ({columns}, {quote('created_at')}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*row, now))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
