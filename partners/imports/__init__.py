"""The sales import: CSV / XLSX files of sales records, checked row by row, written all or nothing, on the
shared import pipeline (`common/imports`).

- `columns.py`  the file's header (English and Chinese names) and the downloadable templates
- `rows.py`     turns one row into a `SalesRow` or a list of `RowError`s (pure, no ORM)
- `checking.py` the sales file declared to the pipeline: columns, row rule, duplicate references,
                partner codes looked up set-wise (pure: the lookup is passed in)
- `services.py` runs the import (in the request, or on the worker for a large upload): check, then
                write in batches inside one transaction; records it
"""
