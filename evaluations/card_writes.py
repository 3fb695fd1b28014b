"""The monthly cycle's writes on PostgreSQL, set-wise: a fixed number of statements per chunk of cards.

The chunk's cards and lines go as plain tuples through COPY into two scratch tables of the session
(temporary, dropped at the chunk's commit, typed like the real columns so that decimals are rounded as
they will be stored). One SELECT then finds the partners whose card or lines differ from what is stored;
when none does, nothing else runs: an unchanged rerun issues no INSERT, UPDATE or DELETE on a scorecard,
a line or their history. Otherwise three statements write the changed partners only:

- the cards, `INSERT … ON CONFLICT (cycle, partner) DO UPDATE`, and in the same statement (a CTE over
  its RETURNING) one history row each: "+" for a new card, "~" for a changed one, with the note and
  message the manager wrote (never overwritten by a run);
- the lines, `INSERT … ON CONFLICT (scorecard, kind) DO UPDATE … WHERE (…) IS DISTINCT FROM (…)`, so
  even a changed card's unchanged lines are not rewritten;
- the lines of KPIs no longer in the card's template, deleted.

A fourth stores the inputs digest of the cards whose inputs changed but whose figures did not. The services
only send the cards whose digest or rank differs from the stored card's (`services._to_write`), so an
unchanged rerun does not reach this module at all.

A first run has nothing to compare with. When the services found no card of the cycle stored and none of the
chunk's partners has one under the cycle's row lock (which every writer of its cards holds), the chunk skips
the scratch tables and the comparison: its cards take ids drawn from their sequence in one query and go by COPY
straight into the scorecards, its lines by COPY straight into the lines, and one INSERT … SELECT adds a "+"
history row per card. Same rows, with no INSERT … SELECT of 56,000 staged lines joined back to their cards.

Why lines stay rows (seven per card) rather than one JSON column of the card: the quarterly and yearly
cards read the monthly lines by KPI across months (`services._period_cards`), each line is unique per
card and KPI (a constraint, not a convention), the scorecard pages list them in order, and the writes
above touch only the lines that changed. Written set-wise, 56,000 line rows cost a fraction of a second;
a JSON column would be rewritten whole for any change and compared in Python.

SQLite (development) takes the ORM path in `services._write_chunk`, with the same outcome.
"""

from __future__ import annotations

import functools

from django.db import connection

from evaluations.models import Scorecard

# The fields a run computes and compares, in the order of the tuples services build (a card's after its
# partner id, a line's after its kind). A card's note and message are the manager's and never part of them.
CARD_FIELDS = ("template_id", "channel_type", "total", "grade", "rank", "ranked_among", "sales", "target")
LINE_FIELDS = (
    "label",
    "raw_value",
    "points",
    "weight",
    "contribution",
    "zero_at",
    "full_at",
    "ceiling",
    "left_out",
    "weight_base",
    "position",
)


# The statements are built once from the literals below (table and column names as in the migrations);
# every value is a parameter.
_STAGE_CARDS = (
    "CREATE TEMP TABLE cycle_stage_card ON COMMIT DROP AS "
    'SELECT partner_id, template_id, channel_type, total, grade, "rank", ranked_among, sales, target, inputs_digest '
    "FROM evaluations_scorecard WITH NO DATA"
)
_STAGE_LINES = (
    "CREATE TEMP TABLE cycle_stage_line ON COMMIT DROP AS "
    "SELECT c.partner_id, l.kind, l.label, l.raw_value, l.points, l.weight, l.contribution, l.zero_at, l.full_at, "
    'l.ceiling, l.left_out, l.weight_base, l."position" '
    "FROM evaluations_scorecardline l JOIN evaluations_scorecard c ON c.id = l.scorecard_id WITH NO DATA"
)
_COPY_CARDS = (
    'COPY cycle_stage_card (partner_id, template_id, channel_type, total, grade, "rank", ranked_among, sales, target, '
    "inputs_digest) FROM STDIN"
)
_COPY_LINES = (
    "COPY cycle_stage_line (partner_id, kind, label, raw_value, points, weight, contribution, zero_at, full_at, "
    'ceiling, left_out, weight_base, "position") FROM STDIN'
)
# Quoted: "rank" and "position" are SQL keywords.
_CARD_VALUES = tuple(f'"{column}"' for column in CARD_FIELDS)
_LINE_VALUES = tuple(f'"{column}"' for column in LINE_FIELDS)


def _of(alias: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{column}" for column in columns)


# A partner changed when its card is new or differs, a line is new or differs, or a stored line is no longer
# computed. IS DISTINCT FROM: NULL equals NULL (an unmeasured raw value, a missing target).
_CHANGED = (
    "SELECT partner_id, bool_or(stored) FROM ("  # nosec B608
    "SELECT s.partner_id, c.id IS NOT NULL AS stored FROM cycle_stage_card s "
    "LEFT JOIN evaluations_scorecard c ON c.cycle_id = %(cycle)s AND c.partner_id = s.partner_id "
    f"WHERE c.id IS NULL OR ({_of('c', _CARD_VALUES)}) IS DISTINCT FROM ({_of('s', _CARD_VALUES)}) "
    "UNION ALL "
    "SELECT s.partner_id, true FROM cycle_stage_line s "
    "JOIN evaluations_scorecard c ON c.cycle_id = %(cycle)s AND c.partner_id = s.partner_id "
    "LEFT JOIN evaluations_scorecardline l ON l.scorecard_id = c.id AND l.kind = s.kind "
    f"WHERE l.id IS NULL OR ({_of('l', _LINE_VALUES)}) IS DISTINCT FROM ({_of('s', _LINE_VALUES)}) "
    "UNION ALL "
    "SELECT c.partner_id, true FROM cycle_stage_card s "
    "JOIN evaluations_scorecard c ON c.cycle_id = %(cycle)s AND c.partner_id = s.partner_id "
    "JOIN evaluations_scorecardline l ON l.scorecard_id = c.id "
    "WHERE NOT EXISTS (SELECT 1 FROM cycle_stage_line n WHERE n.partner_id = c.partner_id AND n.kind = l.kind)"
    ") changed GROUP BY partner_id"
)
_UPSERT_LINES = (
    f"INSERT INTO evaluations_scorecardline (scorecard_id, kind, {', '.join(_LINE_VALUES)}) "  # nosec B608
    f"SELECT c.id, s.kind, {_of('s', _LINE_VALUES)} FROM cycle_stage_line s "
    "JOIN evaluations_scorecard c ON c.cycle_id = %(cycle)s AND c.partner_id = s.partner_id "
    "WHERE s.partner_id = ANY(%(changed)s::bigint[]) "
    "ON CONFLICT (scorecard_id, kind) DO UPDATE SET "
    f"{', '.join(f'{column} = EXCLUDED.{column}' for column in _LINE_VALUES)} "
    f"WHERE ({_of('evaluations_scorecardline', _LINE_VALUES)}) IS DISTINCT FROM ({_of('EXCLUDED', _LINE_VALUES)})"
)
# A card whose inputs changed but whose figures did not (say, a manual value its template does not score) keeps
# its row and gains the new digest alone: no history row, for nothing a reader sees changed.
_UPDATE_DIGESTS = (
    "UPDATE evaluations_scorecard c SET inputs_digest = s.inputs_digest FROM cycle_stage_card s "
    "WHERE c.cycle_id = %(cycle)s AND c.partner_id = s.partner_id AND c.inputs_digest <> s.inputs_digest"
)
_DELETE_STALE_LINES = (
    "DELETE FROM evaluations_scorecardline l USING evaluations_scorecard c "
    "WHERE l.scorecard_id = c.id AND c.cycle_id = %(cycle)s AND c.partner_id = ANY(%(changed)s::bigint[]) "
    "AND NOT EXISTS (SELECT 1 FROM cycle_stage_line s WHERE s.partner_id = c.partner_id AND s.kind = l.kind)"
)


# A first run's chunk (`_insert_new`): the cards with their ids, the cycle and the time, then the lines.
_ANY_STORED = (
    "SELECT EXISTS (SELECT 1 FROM evaluations_scorecard WHERE cycle_id = %s AND partner_id = ANY(%s::bigint[]))"
)
_NEW_IDS = "SELECT nextval(pg_get_serial_sequence('evaluations_scorecard', 'id')) FROM generate_series(1, %s)"
_COPY_NEW_CARDS = (
    "COPY evaluations_scorecard (id, cycle_id, partner_id, template_id, channel_type, total, grade, "
    '"rank", ranked_among, sales, target, inputs_digest, note, partner_message, calculated_at) FROM STDIN'
)
_COPY_NEW_LINES = (
    "COPY evaluations_scorecardline (scorecard_id, kind, label, raw_value, points, weight, contribution, zero_at, "
    'full_at, ceiling, left_out, weight_base, "position") FROM STDIN'
)


@functools.cache
def _tracked_columns() -> str:
    """The history table's columns but its own (simple_history keeps one per tracked field of the card), so a
    field added to the card later is recorded without touching the statements below."""
    quote = connection.ops.quote_name
    tracked = [
        field.column for field in Scorecard.history.model._meta.concrete_fields if not field.name.startswith("history_")
    ]
    return ", ".join(quote(column) for column in tracked)


@functools.cache
def _history_of_new() -> str:
    """One "+" history row for each card just inserted by `_insert_new`, read back by id."""
    columns = _tracked_columns()
    return (
        f"INSERT INTO {connection.ops.quote_name(Scorecard.history.model._meta.db_table)} "  # nosec B608
        f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %(now)s, NULL, '+', %(by)s FROM evaluations_scorecard WHERE id = ANY(%(ids)s::bigint[])"
    )


@functools.cache
def _upsert_cards_with_history() -> str:
    """The card upsert and its history rows in one statement."""
    quote = connection.ops.quote_name
    columns = _tracked_columns()
    return (
        "WITH written AS ("  # nosec B608
        f"INSERT INTO evaluations_scorecard (cycle_id, partner_id, {', '.join(_CARD_VALUES)}, note, "
        "partner_message, calculated_at, inputs_digest) "
        f"SELECT %(cycle)s, partner_id, {', '.join(_CARD_VALUES)}, '', '', %(now)s, inputs_digest "
        "FROM cycle_stage_card WHERE partner_id = ANY(%(changed)s::bigint[]) "
        "ON CONFLICT (cycle_id, partner_id) DO UPDATE SET "
        f"{', '.join(f'{column} = EXCLUDED.{column}' for column in _CARD_VALUES)}, "
        "calculated_at = EXCLUDED.calculated_at, inputs_digest = EXCLUDED.inputs_digest "
        "RETURNING *, (xmax = 0) AS created) "
        f"INSERT INTO {quote(Scorecard.history.model._meta.db_table)} "
        f"({columns}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %(now)s, NULL, CASE WHEN created THEN '+' ELSE '~' END, %(by)s FROM written"
    )


def write_cards(
    *, cycle_id: int, cards: list[tuple], lines: list[list[tuple]], now, by_id: int | None, none_stored: bool
) -> int:
    """Store a chunk's cards ((partner id, *CARD_FIELDS, inputs digest)) and lines (`lines[i]`: those of
    `cards[i]`, each (kind, *LINE_FIELDS), given the partner's or the card's id here), writing only the
    partners whose card or lines changed, and the digests that changed. Inside the caller's transaction,
    which holds the cycle's row lock. `none_stored`: the cycle held no card when the run began (a first run):
    if none of the chunk's partners has one now either, they are inserted without comparing (`_insert_new`).
    Returns how many cards changed."""
    with connection.cursor() as cursor:
        if none_stored:
            cursor.execute(_ANY_STORED, [cycle_id, [row[0] for row in cards]])
            if not cursor.fetchone()[0]:
                return _insert_new(cursor, cycle_id, cards, lines, {"now": now, "by": by_id})
        cursor.execute(_STAGE_CARDS)
        cursor.execute(_STAGE_LINES)
        with cursor.copy(_COPY_CARDS) as copy:
            for row in cards:
                copy.write_row(row)
        with cursor.copy(_COPY_LINES) as copy:
            for card, card_lines in zip(cards, lines, strict=True):
                for line in card_lines:
                    copy.write_row((card[0], *line))
        changed = _write_changed(cursor, {"cycle": cycle_id, "now": now, "by": by_id})
        cursor.execute(_UPDATE_DIGESTS, {"cycle": cycle_id})
        # Dropped here as well as at commit: inside an outer transaction (a test's) the commit is not ours.
        cursor.execute("DROP TABLE cycle_stage_card, cycle_stage_line")
    return changed


def _insert_new(cursor, cycle_id: int, cards: list[tuple], lines: list[list[tuple]], params: dict) -> int:
    cursor.execute(_NEW_IDS, [len(cards)])
    params["ids"] = [card_id for (card_id,) in cursor.fetchall()]
    with cursor.copy(_COPY_NEW_CARDS) as copy:
        for card_id, row in zip(params["ids"], cards, strict=True):
            copy.write_row((card_id, cycle_id, *row, "", "", params["now"]))
    with cursor.copy(_COPY_NEW_LINES) as copy:
        for card_id, card_lines in zip(params["ids"], lines, strict=True):
            for line in card_lines:
                copy.write_row((card_id, *line))
    cursor.execute(_history_of_new(), params)
    return len(cards)


def _write_changed(cursor, params: dict) -> int:
    cursor.execute(_CHANGED, params)
    changed = cursor.fetchall()
    if not changed:
        return 0
    params["changed"] = [partner_id for partner_id, _stored in changed]
    cursor.execute(_upsert_cards_with_history(), params)
    cursor.execute(_UPSERT_LINES, params)
    # Only a card stored before can have lines of KPIs no longer computed (none on a first run).
    params["changed"] = [partner_id for partner_id, stored in changed if stored]
    if params["changed"]:
        cursor.execute(_DELETE_STALE_LINES, params)
    return len(changed)
