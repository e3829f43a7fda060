"""Sales orders as NetSuite reports them, and the snapshot of one that the cache keeps."""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pickup.domain.errors import InvalidRequest

MAX_ORDER_NUMBER_LENGTH = 40
# NetSuite document numbers: letters, digits and inner hyphens (SO12345, SO-2026-0042, 100231).
# Anything else is refused before NetSuite is asked, which also keeps SuiteQL literals trivially safe.
ORDER_NUMBER_PATTERN = re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,38}[A-Z0-9])?")


def normalize_order_number(raw: str) -> str:
    """Trim and upper-case an order number, or raise InvalidRequest naming `order_number`."""
    candidate = raw.strip().upper()
    if not candidate:
        raise InvalidRequest("order_number", "order_number must not be empty")
    if len(candidate) > MAX_ORDER_NUMBER_LENGTH:
        raise InvalidRequest("order_number", f"order_number must be at most {MAX_ORDER_NUMBER_LENGTH} characters")
    if not ORDER_NUMBER_PATTERN.fullmatch(candidate):
        raise InvalidRequest("order_number", "order_number may contain only letters, digits and hyphens")
    return candidate


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One real item line of a sales order; quantities are positive."""

    item: str
    description: str | None
    quantity_ordered: float
    quantity_fulfilled: float


@dataclass(frozen=True, slots=True)
class SalesOrder:
    """What NetSuite says about one sales order. Holds customer emails: never log or cache it as is."""

    order_number: str
    status: str
    status_name: str
    company_name: str | None
    po_number: str | None
    customer_email: str | None
    order_email: str | None
    lines: tuple[OrderLine, ...]


def email_digest(address: str) -> str:
    """A stable SHA-256 digest of an address, compared instead of keeping the address."""
    return hashlib.sha256(b"pickup-email:v1:" + address.strip().lower().encode()).hexdigest()


def domain_digest(domain: str) -> str:
    """A stable SHA-256 digest of an email domain."""
    return hashlib.sha256(b"pickup-domain:v1:" + domain.strip().lower().encode()).hexdigest()


def email_domain(address: str) -> str:
    """The part after the last @, lower-cased ('' when there is none)."""
    _, at, domain = address.strip().lower().rpartition("@")
    return domain if at else ""


@dataclass(frozen=True, slots=True)
class OrderSnapshot:
    """What the cache keeps of a sales order: enough to answer a validation, and no email address."""

    order_number: str
    status: str
    status_name: str
    company_name: str | None
    po_number: str | None
    lines: tuple[OrderLine, ...]
    email_digests: frozenset[str]
    domain_digests: frozenset[str]

    @property
    def item_count(self) -> int:
        return len(self.lines)

    @classmethod
    def from_sales_order(cls, order: SalesOrder) -> "OrderSnapshot":
        addresses = [a for a in (order.customer_email, order.order_email) if a and a.strip()]
        return cls(
            order_number=order.order_number,
            status=order.status,
            status_name=order.status_name,
            company_name=order.company_name,
            po_number=order.po_number,
            lines=order.lines,
            email_digests=frozenset(email_digest(a) for a in addresses),
            domain_digests=frozenset(domain_digest(email_domain(a)) for a in addresses if email_domain(a)),
        )

    def to_record(self) -> dict[str, object]:
        """A JSON-ready mapping for the store (the `snapshot` jsonb column)."""
        return {
            "order_number": self.order_number,
            "status": self.status,
            "status_name": self.status_name,
            "company_name": self.company_name,
            "po_number": self.po_number,
            "lines": [
                {
                    "item": line.item,
                    "description": line.description,
                    "quantity_ordered": line.quantity_ordered,
                    "quantity_fulfilled": line.quantity_fulfilled,
                }
                for line in self.lines
            ],
            "email_digests": sorted(self.email_digests),
            "domain_digests": sorted(self.domain_digests),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> "OrderSnapshot":
        """Rebuild a snapshot from `to_record` output; raises ValueError when the record is not one."""
        try:
            lines = record["lines"]
            emails = record["email_digests"]
            domains = record["domain_digests"]
            if not isinstance(lines, list) or not isinstance(emails, list) or not isinstance(domains, list):
                raise TypeError("lines and digests must be lists")
            return cls(
                order_number=_text(record["order_number"]),
                status=_text(record["status"]),
                status_name=_text(record["status_name"]),
                company_name=_optional_text(record.get("company_name")),
                po_number=_optional_text(record.get("po_number")),
                lines=tuple(
                    OrderLine(
                        item=_text(line["item"]),
                        description=_optional_text(line.get("description")),
                        quantity_ordered=float(line["quantity_ordered"]),
                        quantity_fulfilled=float(line["quantity_fulfilled"]),
                    )
                    for line in lines
                ),
                email_digests=frozenset(_text(d) for d in emails),
                domain_digests=frozenset(_text(d) for d in domains),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not an order snapshot record: {exc.__class__.__name__}") from exc


@dataclass(frozen=True, slots=True)
class StoredSnapshot:
    """A snapshot as read back from the store, with its age."""

    snapshot: OrderSnapshot
    age_seconds: float


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)
