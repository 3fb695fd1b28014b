"""Access-matrix rows of the sales-import pages (included by tests/partners/access_rows.py)."""

from tests.access import DIRECTOR, FINANCE, MANAGER, internal, portal
from tests.partners.factories import SalesImportFactory

IMPORTERS = (DIRECTOR, MANAGER)


def populate(world):
    world.sales_import_a = SalesImportFactory(partner=world.partner_a, uploaded_by=world.users["partner A"])


def _import_a(w):
    return {"pk": w.sales_import_a.pk}


ROWS = [
    internal("partners:sales-import", roles=IMPORTERS),
    # A post without a file shows the form again with its error.
    internal("partners:sales-import", roles=IMPORTERS, method="post"),
    internal("partners:sales-import-detail", roles=(*IMPORTERS, FINANCE), kwargs=_import_a),
    internal("partners:sales-import-template", roles=IMPORTERS, kwargs=lambda w: {"fmt": "xlsx"}),
    portal("partners_portal:sales-upload"),
    portal("partners_portal:sales-upload", method="post"),
    portal("partners_portal:sales-import-detail", kwargs=_import_a),
    portal("partners_portal:sales-template", kwargs=lambda w: {"fmt": "csv"}, other=200),
]
