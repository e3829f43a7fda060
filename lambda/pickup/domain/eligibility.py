"""Which sales order statuses allow a pickup."""

from dataclasses import dataclass

# NetSuite sales order status letters (transaction.status where type = 'SalesOrd').
SALES_ORDER_STATUSES: dict[str, str] = {
    "A": "Pending Approval",
    "B": "Pending Fulfillment",
    "C": "Cancelled",
    "D": "Partially Fulfilled",
    "E": "Pending Billing/Partially Fulfilled",
    "F": "Pending Billing",
    "G": "Billed",
    "H": "Closed",
}
DEFAULT_ELIGIBLE_STATUSES = frozenset("BDEF")


@dataclass(frozen=True, slots=True)
class EligibilityPolicy:
    eligible_statuses: frozenset[str] = DEFAULT_ELIGIBLE_STATUSES

    @classmethod
    def parse(cls, letters: str) -> "EligibilityPolicy":
        """From a comma-separated list such as 'B,D,E,F'; raises ValueError on an unknown letter."""
        chosen = frozenset(part.strip().upper() for part in letters.split(",") if part.strip())
        unknown = chosen - SALES_ORDER_STATUSES.keys()
        if unknown or not chosen:
            raise ValueError(f"eligible statuses must be letters A to H, got {sorted(unknown) or 'nothing'}")
        return cls(chosen)

    def allows(self, status: str) -> bool:
        return status.upper() in self.eligible_statuses
