"""A set of keys that lives on disk, so finding duplicates in a file does not keep the file in memory."""

from __future__ import annotations

import sqlite3


class SeenKeys:
    """SQLite's private temporary database ("" as the file name) keeps a small page cache in memory and
    spills the rest to a temporary file deleted on close. It is a scratch pad of this process, not the
    project's database."""

    def __init__(self):
        self._db = sqlite3.connect("")
        self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, row INTEGER) WITHOUT ROWID")

    def first_row(self, key: str, row: int) -> int | None:
        """Remember `key` at `row`; if it was seen before, the row it was first seen at."""
        if self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, row)).rowcount:
            return None
        return self._db.execute("SELECT row FROM seen WHERE key = ?", (key,)).fetchone()[0]

    def close(self) -> None:
        self._db.close()
