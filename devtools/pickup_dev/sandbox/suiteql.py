"""SuiteQL, executed for real: a small tokenizer rewrites NetSuite's dialect to SQLite and runs it read-only.

The rewriting works on tokens, never on raw text, so a string literal is always just a literal: a quote
smuggled into a query changes the query exactly as it would in NetSuite, and `'BUILTIN.DF(x)'` inside
quotes stays text. Rewrites:

    BUILTIN.DF(a.col) / BUILTIN.CF(a.col)    ->  a.__df_col / a.__cf_col (precomputed twins, see records.py)
    FETCH FIRST|NEXT n ROW|ROWS ONLY         ->  LIMIT n
    an unaliased expression in the SELECT list  ->  ... AS exprN (NetSuite's name for it)

Only one SELECT is accepted; an authorizer refuses anything else and every function not on the list below,
as NetSuite's function whitelist does.
"""

import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pickup_dev.sandbox.records import CF_PREFIX, DF_PREFIX, HIDDEN_PREFIX, Tables, build_database

SQLValue = str | int | float | bytes | None
SEARCH_ERROR_PREFIX = "Invalid search query. Detailed unprocessed description follows. Search error occurred: "
UNSUPPORTED = "Invalid or unsupported search"

ALLOWED_FUNCTIONS = frozenset(
    "like nvl nvl2 decode coalesce nullif abs round floor ceil upper lower initcap length substr instr trim ltrim "
    "rtrim replace concat count sum avg min max".split()
)
KEYWORDS = frozenset(
    "select distinct all from where and or not in is null like escape between exists case when then else end as "
    "join inner left right full outer cross on group by having order asc desc nulls first last union intersect "
    "minus fetch next row rows only offset".split()
)

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<comment>--[^\n]*|/\*.*?\*/)
    | (?P<string>'(?:[^']|'')*')
    | (?P<quoted>"(?:[^"]|"")+")
    | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_$\#]*)
    | (?P<op><>|!=|\^=|<=|>=|\|\||[-+*/=<>(),.])
    """,
    re.VERBOSE | re.DOTALL,
)


class SuiteQLError(Exception):
    """A query NetSuite would refuse; `reason` is the text after "Search error occurred: "."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def detail(self) -> str:
        return SEARCH_ERROR_PREFIX + self.reason


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # string | quoted | number | word | op | keyword (added by a rewrite)
    text: str

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and (not words or self.text.lower() in words)

    def is_op(self, *ops: str) -> bool:
        return self.kind == "op" and self.text in ops


def tokenize(query: str) -> list[Token]:
    """The tokens of `query` without whitespace and comments; raises SuiteQLError on anything unknown."""
    tokens: list[Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.lastgroup is None:
            raise SuiteQLError(UNSUPPORTED)
        if match.lastgroup not in {"space", "comment"}:
            tokens.append(Token(match.lastgroup, match.group()))
        position = match.end()
    return tokens


def translate(query: str) -> str:
    """SQLite text for a SuiteQL query; raises SuiteQLError for what NetSuite would refuse."""
    tokens = tokenize(query)
    if not tokens or not tokens[0].is_word("select"):
        raise SuiteQLError(UNSUPPORTED)
    for token in tokens:
        name = token.text.strip('"') if token.kind == "quoted" else token.text
        if token.kind in {"word", "quoted"} and name.startswith(HIDDEN_PREFIX):
            raise SuiteQLError(f"Unknown identifier '{token.text}'")
    tokens = _alias_select_list(tokens)
    tokens = _rewrite_builtins(tokens)
    tokens = _rewrite_fetch_first(tokens)
    return " ".join(_sqlite_text(tokens, index) for index in range(len(tokens)))


def _sqlite_text(tokens: Sequence[Token], index: int) -> str:
    """Names are quoted, because SQLite reserves words NetSuite uses as table names (`transaction`)."""
    token = tokens[index]
    is_call = index + 1 < len(tokens) and tokens[index + 1].is_op("(")
    if _is_name(token) and not is_call:
        return f'"{token.text}"'
    return token.text


def _top_level(tokens: Sequence[Token], start: int) -> Iterator[tuple[int, Token]]:
    """(index, token) pairs from `start` that sit outside any parentheses, up to the closing one."""
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.is_op("("):
            depth += 1
        elif token.is_op(")"):
            depth -= 1
            if depth < 0:
                return
        elif depth == 0:
            yield index, token


def _alias_select_list(tokens: list[Token]) -> list[Token]:
    start = 2 if len(tokens) > 1 and tokens[1].is_word("distinct", "all") else 1
    end = next((i for i, t in _top_level(tokens, start) if t.is_word("from")), len(tokens))
    commas = [i for i, t in _top_level(tokens, start) if i < end and t.is_op(",")]
    result = tokens[:start]
    expression_number = 0
    for item_start, item_end in zip([start, *(c + 1 for c in commas)], [*commas, end], strict=True):
        item = tokens[item_start:item_end]
        if not item:
            raise SuiteQLError(UNSUPPORTED)
        result.extend(item)
        if _needs_alias(item):
            expression_number += 1
            result += [Token("keyword", "AS"), Token("word", f"expr{expression_number}")]
        if item_end < end:
            result.append(tokens[item_end])
    return result + tokens[end:]


def _needs_alias(item: Sequence[Token]) -> bool:
    """True for an expression without an alias; a bare column (`col`, `t.col`, `*`, `t.*`) keeps its name."""
    if len(item) == 1:
        return not (item[0].is_op("*") or item[0].kind == "quoted" or _is_name(item[0]))
    if len(item) == 3 and (item[0].kind == "quoted" or _is_name(item[0])) and item[1].is_op("."):
        return not (item[2].is_op("*") or item[2].kind == "quoted" or _is_name(item[2]))
    last, before = item[-1], item[-2]
    if not (last.kind == "quoted" or _is_name(last)):
        return True
    ends_expression = (
        before.kind in {"string", "number", "quoted"}
        or before.is_op(")")
        or before.is_word("as", "end")
        or _is_name(before)
    )
    return not ends_expression


def _is_name(token: Token) -> bool:
    return token.kind == "word" and token.text.lower() not in KEYWORDS


def _rewrite_builtins(tokens: list[Token]) -> list[Token]:
    """BUILTIN.DF(a.col) -> a.__df_col and BUILTIN.CF(a.col) -> a.__cf_col; other BUILTIN functions are refused."""
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not token.is_word("builtin"):
            result.append(token)
            index += 1
            continue
        if index + 3 >= len(tokens) or not tokens[index + 1].is_op(".") or not tokens[index + 3].is_op("("):
            raise SuiteQLError(f"Unknown identifier '{token.text}'")
        function = tokens[index + 2].text.lower()
        if function not in {"df", "cf"}:
            raise SuiteQLError(f"Unknown identifier 'BUILTIN.{tokens[index + 2].text}'")
        close = _closing_parenthesis(tokens, index + 4)
        column = _column_reference(tokens[index + 4 : close])
        prefix = DF_PREFIX if function == "df" else CF_PREFIX
        result += [*column[:-1], Token("word", prefix + column[-1].text)]
        index = close + 1
    return result


def _closing_parenthesis(tokens: Sequence[Token], start: int) -> int:
    """The index of the `)` closing the parenthesis opened just before `start`."""
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].is_op("("):
            depth += 1
        elif tokens[index].is_op(")"):
            if depth == 0:
                return index
            depth -= 1
    raise SuiteQLError(UNSUPPORTED)


def _column_reference(tokens: Sequence[Token]) -> Sequence[Token]:
    if len(tokens) == 1 and _is_name(tokens[0]):
        return tokens
    if len(tokens) == 3 and _is_name(tokens[0]) and tokens[1].is_op(".") and _is_name(tokens[2]):
        return tokens
    raise SuiteQLError(UNSUPPORTED)


def _rewrite_fetch_first(tokens: list[Token]) -> list[Token]:
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        window = tokens[index : index + 5]
        if (
            len(window) == 5
            and window[0].is_word("fetch")
            and window[1].is_word("first", "next")
            and window[2].kind == "number"
            and window[3].is_word("row", "rows")
            and window[4].is_word("only")
        ):
            result += [Token("keyword", "LIMIT"), window[2]]
            index += 5
        else:
            result.append(tokens[index])
            index += 1
    return result


class SuiteQLEngine:
    """Runs SuiteQL over the fixture tables; one shared read-only connection, used under a lock."""

    def __init__(self, tables: Tables) -> None:
        self._lock = threading.Lock()
        self._connection = build_database(tables)
        self._connection.execute("PRAGMA case_sensitive_like = ON")  # Oracle's LIKE is case-sensitive
        self._connection.setconfig(sqlite3.SQLITE_DBCONFIG_DQS_DML, False)  # "x" is always an identifier
        self._connection.create_function("nvl", 2, _nvl, deterministic=True)
        self._connection.create_function("nvl2", 3, _nvl2, deterministic=True)
        self._connection.create_function("decode", -1, _decode, deterministic=True)
        self._connection.create_function("concat", 2, _concat, deterministic=True)
        self._connection.set_authorizer(_authorize)

    def run(self, query: str) -> list[dict[str, str]]:
        """Every result row as NetSuite returns it: lower-case keys, string values, NULL columns left out."""
        sql = translate(query)
        with self._lock:
            try:
                cursor = self._connection.execute(sql)
                names = [str(column[0]).lower() for column in cursor.description or ()]
                rows = cursor.fetchall()
            except sqlite3.Error as exc:
                raise SuiteQLError(_netsuite_reason(str(exc))) from None
            except ValueError:  # NUL characters or lone surrogates SQLite cannot take
                raise SuiteQLError(UNSUPPORTED) from None
        return [_item(names, row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _item(names: Sequence[str], row: Sequence[Any]) -> dict[str, str]:
    item: dict[str, str] = {}
    for name, value in zip(names, row, strict=True):
        if value is None or name.startswith(HIDDEN_PREFIX):
            continue
        item[name] = as_text(value)
    return item


def as_text(value: object) -> str:
    """A value the way SuiteQL over REST writes it: always a string, numbers without a trailing .0."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.10f}".rstrip("0").rstrip(".")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _netsuite_reason(message: str) -> str:
    for sqlite_prefix, template in (
        ("no such column: ", "Unknown identifier '{}'"),
        ("no such function: ", "Unknown identifier '{}'"),
        ("no such table: ", "Record '{}' was not found."),
    ):
        if message.startswith(sqlite_prefix):
            name = message.removeprefix(sqlite_prefix).replace(DF_PREFIX, "").replace(CF_PREFIX, "")
            return template.format(name)
    return UNSUPPORTED


def _authorize(action: int, first: str | None, second: str | None, *_: str | None) -> int:
    if action == sqlite3.SQLITE_SELECT:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_READ and first is not None and not first.startswith("sqlite_"):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and second is not None and second.lower() in ALLOWED_FUNCTIONS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _nvl(value: SQLValue, fallback: SQLValue) -> SQLValue:
    return fallback if value is None else value


def _nvl2(value: SQLValue, when_set: SQLValue, when_null: SQLValue) -> SQLValue:
    return when_null if value is None else when_set


def _decode(*arguments: SQLValue) -> SQLValue:
    """Oracle DECODE(expr, search1, result1, ..., [default]); NULL matches NULL."""
    if len(arguments) < 3:
        raise ValueError("DECODE needs at least three arguments")
    subject, pairs = arguments[0], arguments[1:]
    for index in range(0, len(pairs) - 1, 2):
        if pairs[index] == subject:
            return pairs[index + 1]
    return pairs[-1] if len(pairs) % 2 else None


def _concat(first: SQLValue, second: SQLValue) -> str | None:
    if first is None and second is None:
        return None
    return f"{'' if first is None else as_text(first)}{'' if second is None else as_text(second)}"
