"""Turning what the store returns into a StoredSnapshot, the same way for every adapter.

A stored record that OrderSnapshot.from_record rejects (written by an older version, or damaged) is treated as
a miss: the order is fetched from NetSuite again and the next write replaces the record. It is reported, not
raised: a warning on the `pickup.store` logger, with the order number and the reason only.
"""

import logging
import math
from collections.abc import Mapping

from pickup.domain.orders import OrderSnapshot, StoredSnapshot

logger = logging.getLogger("pickup.store")


def stored_snapshot(order_number: str, record: object, age_seconds: object) -> StoredSnapshot | None:
    """The snapshot read for `order_number`, or None when the record cannot be used (see the module doc)."""
    reason = _unusable(order_number, record, age_seconds)
    if reason is None:
        assert isinstance(record, Mapping)
        assert isinstance(age_seconds, int | float)
        try:
            return StoredSnapshot(snapshot=OrderSnapshot.from_record(record), age_seconds=float(age_seconds))
        except ValueError as exc:
            reason = str(exc)
    logger.warning("unreadable order snapshot treated as a miss: order %s, %s", order_number, reason)
    return None


def _unusable(order_number: str, record: object, age_seconds: object) -> str | None:
    if not isinstance(record, Mapping):
        return "snapshot is not a JSON object"
    if record.get("order_number") != order_number:
        return "snapshot belongs to another order"
    if isinstance(age_seconds, bool) or not isinstance(age_seconds, int | float):
        return "age is not a number"
    if not math.isfinite(age_seconds) or age_seconds < 0:
        return "age is not a finite, non-negative number"
    return None
