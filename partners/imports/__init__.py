"""The sales import: CSV / XLSX files of sales records, checked row by row, written all or nothing.

- `columns.py`  the file's header (English and Chinese names) and the downloadable templates
- `reading.py`  streams rows out of a CSV or XLSX file, one at a time (pure, no ORM)
- `rows.py`     turns one row into a `SalesRow` or a list of `RowError`s (pure, no ORM)
- `checking.py` the first pass over the whole file: every row's errors, duplicate references,
                partner codes looked up set-wise in chunks (pure: lookups are passed in)
- `services.py` runs the import: check, then write in batches inside one transaction; records it
"""
