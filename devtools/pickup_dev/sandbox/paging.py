"""SuiteQL paging: `limit` and `offset` URL parameters in, NetSuite's collection envelope out."""

from collections.abc import Sequence
from dataclasses import dataclass

from pickup_dev.sandbox.responses import invalid_query_parameter

DEFAULT_LIMIT = 1000
MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int

    @classmethod
    def from_query(cls, query: Sequence[tuple[str, str]]) -> "Page":
        """Raises NetSuiteError 400 INVALID_PARAMETER for a limit outside 1..1000 or an offset off the grid."""
        values = dict(query)
        limit = _integer(values, "limit", DEFAULT_LIMIT)
        offset = _integer(values, "offset", 0)
        if not 1 <= limit <= MAX_LIMIT:
            raise invalid_query_parameter(
                "limit", f"Invalid 'limit' parameter value: {limit}. The value must be between 1 and {MAX_LIMIT}."
            )
        if offset < 0 or offset % limit:
            raise invalid_query_parameter(
                "offset",
                f"Invalid 'offset' parameter value: {offset}. The offset must be a non-negative multiple of the "
                f"limit ({limit}).",
            )
        return cls(limit, offset)


def envelope(items: Sequence[dict[str, str]], page: Page, self_url: str) -> dict[str, object]:
    """NetSuite's collection: links (previous/first, next/last, self), count, hasMore, items, offset, total."""
    total = len(items)
    selected = items[page.offset : page.offset + page.limit]
    has_more = page.offset + len(selected) < total
    last_offset = max(0, (total - 1) // page.limit * page.limit)

    def href(offset: int) -> str:
        return f"{self_url}?limit={page.limit}&offset={offset}"

    links = []
    if page.offset > 0:
        links += [
            {"rel": "previous", "href": href(max(0, page.offset - page.limit))},
            {"rel": "first", "href": href(0)},
        ]
    if has_more:
        links += [{"rel": "next", "href": href(page.offset + page.limit)}, {"rel": "last", "href": href(last_offset)}]
    links.append({"rel": "self", "href": href(page.offset)})
    return {
        "links": links,
        "count": len(selected),
        "hasMore": has_more,
        "items": [{"links": [], **item} for item in selected],
        "offset": page.offset,
        "totalResults": total,
    }


def _integer(values: dict[str, str], name: str, default: int) -> int:
    text = values.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise invalid_query_parameter(name, f"Invalid '{name}' parameter value: {text}.") from None
