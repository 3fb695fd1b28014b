"""The one tabular import pipeline: CSV or XLSX files read as a stream, every row checked first, then all
rows written in one transaction or none. An import declares its columns and its row rule, nothing more.

- `errors.py`    `RowError` (a code with plain parameters, worded when shown) and `FileProblem`
- `cells.py`     a cell as text, a cell as a date (pure)
- `archive.py`   an XLSX file's zip members checked before anything is parsed (bombs, DTDs)
- `reading.py`   streams the rows of a file; a row whose bytes are not text is a row problem, not a crash
- `seen.py`      a set of keys kept on disk, for duplicates within a file of any size
- `checking.py`  the declaration of an import (`TabularImport`) and the two passes over its file
- `running.py`   the check, then the all-or-nothing write

`partners/imports/` (sales, and the API's pushed sales), `evaluations/target_import.py`,
`training/attendance_import.py`, `deals/lead_import.py` and `channelrules/imports.py` use it; the hostile-file
battery (tests/security/test_hostile_imports.py) feeds every one of their pages.
"""
