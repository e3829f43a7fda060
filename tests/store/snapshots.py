"""Order snapshots for the store tests."""

from pickup.domain.orders import OrderLine, OrderSnapshot, SalesOrder


def an_order_snapshot(order_number: str = "SO1001", status: str = "B") -> OrderSnapshot:
    order = SalesOrder(
        order_number=order_number,
        status=status,
        status_name="Pending Fulfillment" if status == "B" else "Billed",
        company_name="Acme Ltd",
        po_number="PO-7",
        customer_email="pat@example.com",
        order_email="orders@acme.example",
        lines=(OrderLine(item="BOLT-10", description="Bolts, 10 mm", quantity_ordered=4.0, quantity_fulfilled=1.0),),
    )
    return OrderSnapshot.from_sales_order(order)
