"""A psycopg connection as the shared SQL expects it: `?` placeholders and DB-API calls.

The SQL shared by the backends (silkgraph.store.sql, graph, query, network,
export) is written with SQLite's `?` placeholders. psycopg takes `%s` and
reads every other `%` as the start of one, so each statement is rewritten
once (`translate`, cached) and `Connection` does that on every call. Only
the calls the shared code makes are offered: execute, executemany, and on
the returned cursor fetchone, fetchall, iteration and description.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Sequence


@lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """`sql` with every `?` outside quotes and comments made `%s`, and every `%` made `%%`.

    psycopg looks for `%` everywhere, inside literals too, so those are
    doubled wherever they are. A `?` inside a literal or quoted identifier
    stays itself. Dollar-quoted and E'' strings are not understood; the shared
    SQL uses neither.
    """
    out: list[str] = []
    i, n = 0, len(sql)
    quote = ""  # the quote character of the literal or identifier being read
    while i < n:
        c = sql[i]
        if quote:
            if c == quote:  # a doubled quote closes and at once reopens: the same result
                quote = ""
        elif c in "'\"":
            quote = c
        elif sql.startswith("--", i) or sql.startswith("/*", i):
            end = sql.find("\n" if c == "-" else "*/", i + 2)
            end = n if end < 0 else end + (0 if c == "-" else 2)
            out.append(sql[i:end].replace("%", "%%"))
            i = end
            continue
        elif c == "?":
            out.append("%s")
            i += 1
            continue
        out.append("%%" if c == "%" else c)
        i += 1
    return "".join(out)


def _no_nul(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL, so no stored value contains one: looked up
    # with a replacement character, such a key finds nothing instead of failing.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


class Connection:
    """The DB-API face of one psycopg connection (`raw`), inside a transaction of the store."""

    dialect = "postgresql"

    def __init__(self, raw: Any = None):
        self.raw = raw
        # Set by the store for read-only transactions: keys with NUL then find nothing
        # (see _no_nul). Documents reach a write without NUL already (sql.without_nul,
        # the policy of both backends); any other NUL in a write still fails.
        self.read_only = False

    def _params(self, params: Sequence[Any]) -> Sequence[Any]:
        return [_no_nul(p) for p in params] if self.read_only else params

    def execute(self, sql: str, params: Sequence[Any] | None = None):
        if params is None:
            # Without parameters psycopg sends the text as it is (and several
            # statements at once, which migrations use): no translation wanted.
            return self.raw.execute(sql)
        return self.raw.execute(translate(sql), self._params(params))

    def executemany(self, sql: str, seq_of_params: Iterable[Sequence[Any]]):
        cursor = self.raw.cursor()
        rows = [self._params(p) for p in seq_of_params]
        if rows:
            cursor.executemany(translate(sql), rows)
        return cursor
