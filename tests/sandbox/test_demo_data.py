"""The demo data set: realistic NetSuite rows, and a description that matches them."""

import re
from collections import Counter
from pathlib import Path

from pickup_dev.sandbox import DEMO_ACCOUNT_ID, DEMO_M2M, DEMO_TBA, client_env
from pickup_dev.sandbox.records import DEMO_DATA_PATH, load_tables

ITEM_TYPES = {
    "InvtPart", "NonInvtPart", "Service", "Kit", "Assembly", "Discount", "Subtotal", "Description", "ShipItem",
    "TaxItem", "Markup", "OthCharge", "Payment",
}  # fmt: skip


def _sales_orders() -> list[dict]:
    return [row for row in load_tables(None)["transaction"] if row["type"] == "SalesOrd"]


def test_has_sales_orders_in_every_status_a_to_h():
    # given the demo sales orders
    statuses = {row["status"] for row in _sales_orders()}
    # then every NetSuite sales order status is represented
    assert statuses == set("ABCDEFGH")


def test_every_order_has_exactly_one_main_line_without_an_item_and_negative_item_quantities():
    # given the demo lines
    tables = load_tables(None)
    lines = tables["transactionline"]
    # when grouped by transaction
    main_lines = Counter(line["transaction"] for line in lines if line["mainline"] == "T")
    # then each transaction has one main line, and quantities are stored as NetSuite stores them
    assert main_lines == Counter(row["id"] for row in tables["transaction"])
    assert all("item" not in line for line in lines if line["mainline"] == "T")
    item_lines = [line for line in lines if line["mainline"] == "F"]
    assert {line["itemtype"] for line in item_lines} == ITEM_TYPES
    assert all(line["quantity"] < 0 for line in item_lines if "quantity" in line)
    assert all(line["taxline"] == ("T" if line["itemtype"] == "TaxItem" else "F") for line in item_lines)


def test_covers_the_cases_the_description_promises():
    # given the demo tables
    tables = load_tables(None)
    customers = {row["id"]: row for row in tables["customer"]}
    orders = _sales_orders()
    lines = [line for line in tables["transactionline"] if line["mainline"] == "F"]
    # then the interesting cases are all there
    emails = {customers[o["entity"]].get("email", "") for o in orders}
    assert any(e.endswith("@acme-industrial.com") for e in emails)
    assert any(e.endswith("@gmail.com") for e in emails)
    assert any(e.endswith("@outlook.com") for e in emails)
    assert any(o.get("email") and o["email"] != customers[o["entity"]].get("email") for o in orders)
    assert any(c["isperson"] == "T" and "companyname" not in c for c in customers.values())
    assert any(line["isclosed"] == "T" for line in lines)
    assert any(0 > line.get("quantityshiprecv", 0) > line.get("quantity", 0) for line in lines)
    assert any("otherrefnum" in o for o in orders)
    assert all(re.fullmatch(r"SO1000\d\d", o["tranid"]) for o in orders)


def test_the_description_lists_every_sales_order_with_its_status_and_emails():
    # given the table in demo_data.md
    text = (Path(DEMO_DATA_PATH).parent / "demo_data.md").read_text(encoding="utf-8")
    rows = {
        cells[0]: cells
        for line in text.splitlines()
        if line.startswith("| SO")
        for cells in [[cell.strip() for cell in line.strip("|").split("|")]]
    }
    customers = {row["id"]: row for row in load_tables(None)["customer"]}
    # then each order is described with the status and addresses it really has
    assert set(rows) == {o["tranid"] for o in _sales_orders()}
    for order in _sales_orders():
        _, status, customer_email, order_email, po_number, _ = rows[order["tranid"]]
        assert status == order["status"]
        assert customer_email == customers[order["entity"]].get("email", "(none)")
        assert order_email == order.get("email", "(none)")
        assert po_number == order.get("otherrefnum", "")


def test_client_env_names_the_variables_a_client_reads():
    # given a sandbox URL
    url = "http://127.0.0.1:8765"
    # when the environment for each kind of login is built
    tba, m2m = client_env(url, "tba"), client_env(url, "m2m")
    # then each carries the account, the URL and its own credentials
    assert tba == {
        "NETSUITE_ACCOUNT_ID": DEMO_ACCOUNT_ID,
        "NETSUITE_REST_URL": url,
        "NETSUITE_CONSUMER_KEY": DEMO_TBA.consumer_key,
        "NETSUITE_CONSUMER_SECRET": DEMO_TBA.consumer_secret,
        "NETSUITE_TOKEN_ID": DEMO_TBA.token_id,
        "NETSUITE_TOKEN_SECRET": DEMO_TBA.token_secret,
    }
    assert m2m == {
        "NETSUITE_ACCOUNT_ID": DEMO_ACCOUNT_ID,
        "NETSUITE_REST_URL": url,
        "NETSUITE_CLIENT_ID": DEMO_M2M.client_id,
        "NETSUITE_CERTIFICATE_ID": DEMO_M2M.certificate_id,
        "NETSUITE_PRIVATE_KEY": DEMO_M2M.private_key_pem,
    }


def test_a_sandbox_hands_out_its_own_url_in_the_client_env(netsuite_sandbox):
    # given the running sandbox
    # when asked for a client environment
    env = netsuite_sandbox.client_env("m2m")
    # then it points at this server
    assert env["NETSUITE_REST_URL"] == netsuite_sandbox.url
