"""Rows for the database tests."""

from typing import Any

from tests.fixtures.postgres import Database

ACTIVE_STATUSES = ("pending", "approved", "in_queue", "processing")


def insert_request(database: Database, order_number: str = "SO1001", **columns: Any) -> str:
    """Insert a pickup request as the table owner; returns its id."""
    values = {"sales_order_number": order_number, "customer_email": "pat@example.com", **columns}
    names = ", ".join(values)
    placeholders = ", ".join(f"%({name})s" for name in values)
    rows = database.run(f"insert into public.pickup_requests ({names}) values ({placeholders}) returning id", values)
    return str(rows[0][0])


def snapshot_record(order_number: str = "SO1001", status: str = "B") -> dict[str, object]:
    """A record shaped like OrderSnapshot.to_record()."""
    return {
        "order_number": order_number,
        "status": status,
        "status_name": "Pending Fulfillment",
        "company_name": "Acme Ltd",
        "po_number": "PO-7",
        "lines": [{"item": "BOLT-10", "description": None, "quantity_ordered": 4.0, "quantity_fulfilled": 0.0}],
        "email_digests": ["0" * 64],
        "domain_digests": ["1" * 64],
    }
