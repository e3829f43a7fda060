"""SuiteQL over REST: NetSuite's request rules, its envelope and value formats, and real query execution."""

import httpx
import pytest

from pickup_dev.sandbox import NetSuiteSandbox
from tests.sandbox.clients import http, items, suiteql, tba_header

SEARCH_ERROR = "Invalid search query. Detailed unprocessed description follows. Search error occurred: "


def _error_detail(response: httpx.Response) -> dict[str, str]:
    assert response.headers["content-type"] == "application/vnd.oracle.resource+json; type=error"
    body = response.json()
    assert body["status"] == response.status_code
    return dict(body["o:errorDetails"][0])


def test_requires_the_prefer_transient_header(netsuite_sandbox):
    # given a correctly signed query without `Prefer: transient`
    # when sent
    response = suiteql(netsuite_sandbox, "SELECT id FROM item", prefer=None)
    # then NetSuite refuses the header
    assert response.status_code == 400
    detail = _error_detail(response)
    assert detail["o:errorCode"] == "INVALID_HEADER"
    assert detail["o:errorHeader"] == "Prefer"


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"limit": 1001}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": 10, "offset": 15}, "offset"),
        ({"offset": 5}, "offset"),
        ({"limit": 10, "offset": -10}, "offset"),
    ],
)
def test_refuses_a_limit_outside_1_to_1000_or_an_offset_off_the_limit_grid(netsuite_sandbox, params, name):
    # given paging parameters NetSuite does not accept
    # when a query is sent with them
    response = suiteql(netsuite_sandbox, "SELECT id FROM item", params=params)
    # then the offending parameter is named
    assert response.status_code == 400
    detail = _error_detail(response)
    assert detail["o:errorCode"] == "INVALID_PARAMETER"
    assert detail["o:errorQueryParam"] == name


def test_pages_with_netsuites_envelope(netsuite_sandbox):
    # given the 15 demo item rows, read 4 at a time
    query = "SELECT id FROM item ORDER BY id"
    # when the second page is asked for
    body = suiteql(netsuite_sandbox, query, params={"limit": 4, "offset": 4}).json()
    # then the envelope says where it is and links its neighbours
    base = netsuite_sandbox.url + "/services/rest/query/v1/suiteql"
    assert body["count"] == 4
    assert body["offset"] == 4
    assert body["totalResults"] == 15
    assert body["hasMore"] is True
    assert [item["id"] for item in body["items"]] == ["505", "506", "507", "508"]
    assert body["links"] == [
        {"rel": "previous", "href": f"{base}?limit=4&offset=0"},
        {"rel": "first", "href": f"{base}?limit=4&offset=0"},
        {"rel": "next", "href": f"{base}?limit=4&offset=8"},
        {"rel": "last", "href": f"{base}?limit=4&offset=12"},
        {"rel": "self", "href": f"{base}?limit=4&offset=4"},
    ]


def test_the_last_page_has_no_more_and_no_next_link(netsuite_sandbox):
    # given the same query, last page
    # when read
    body = suiteql(netsuite_sandbox, "SELECT id FROM item ORDER BY id", params={"limit": 4, "offset": 12}).json()
    # then it holds the remaining three rows and stops
    assert (body["count"], body["hasMore"], body["totalResults"]) == (3, False, 15)
    assert [link["rel"] for link in body["links"]] == ["previous", "first", "self"]


def test_default_page_is_up_to_1000_rows_with_only_a_self_link(netsuite_sandbox):
    # given no paging parameters
    # when a query is sent
    body = suiteql(netsuite_sandbox, "SELECT id FROM customer").json()
    # then every row comes back on one page
    assert (body["count"], body["hasMore"], body["offset"], body["totalResults"]) == (7, False, 0, 7)
    assert body["links"] == [
        {"rel": "self", "href": netsuite_sandbox.url + "/services/rest/query/v1/suiteql?limit=1000&offset=0"}
    ]


def test_items_have_empty_links_lower_case_keys_and_every_value_as_a_string(netsuite_sandbox):
    # given a query over a line with a fractional negative quantity and a T/F flag, in mixed-case names
    query = (
        "SELECT tl.ID, tl.Quantity AS Qty, ABS(tl.quantity), tl.IsClosed, tl.quantityshiprecv "
        "FROM transactionline tl WHERE tl.item = 503 AND tl.transaction = 9012"
    )
    # when run
    body = suiteql(netsuite_sandbox, query).json()
    # then NetSuite's formatting shows: links [], lower-case keys, exprN for an expression, strings, T/F
    assert body["items"] == [
        {"links": [], "id": "50", "qty": "-7.5", "expr1": "7.5", "isclosed": "F", "quantityshiprecv": "0"}
    ]


def test_null_columns_are_left_out_of_the_item(netsuite_sandbox):
    # given an order without its own email
    # when its email and number are selected
    rows = items(netsuite_sandbox, "SELECT tranid, email FROM transaction WHERE tranid = 'SO100011'")
    # then only the number comes back
    assert rows == [{"tranid": "SO100011"}]


def test_integers_stay_integers_and_negative_numbers_keep_their_sign(netsuite_sandbox):
    # given a sales order line as NetSuite stores it (negative quantity)
    query = "SELECT quantity, quantityshiprecv FROM transactionline WHERE transaction = 9004 AND item = 501"
    # when read
    rows = items(netsuite_sandbox, query)
    # then the values are the strings NetSuite sends
    assert rows == [{"quantity": "-50", "quantityshiprecv": "-20"}]


def test_builtin_df_and_cf_give_display_and_combined_values(netsuite_sandbox):
    # given a sales order header and one of its lines
    query = (
        "SELECT t.status, BUILTIN.DF(t.status) AS status_name, BUILTIN.CF(t.status) AS status_code, "
        "BUILTIN.DF(t.entity) AS customer, BUILTIN.DF(tl.item) AS item, BUILTIN.DF(t.type) AS kind "
        "FROM transaction t JOIN transactionline tl ON tl.transaction = t.id "
        "WHERE t.tranid = 'SO100009' AND tl.linesequencenumber = 1"
    )
    # when run
    rows = items(netsuite_sandbox, query)
    # then the reference fields show what NetSuite shows
    assert rows == [
        {
            "status": "B",
            "status_name": "Sales Order : Pending Fulfillment",
            "status_code": "SalesOrd:B",
            "customer": "Harbor Street Cafe",
            "item": "BRK-2040",
            "kind": "Sales Order",
        }
    ]


def test_filters_on_the_combined_status_as_oracle_recommends(netsuite_sandbox):
    # given a filter on BUILTIN.CF(status)
    query = "SELECT tranid FROM transaction WHERE BUILTIN.CF(status) IN ('SalesOrd:D', 'SalesOrd:E') ORDER BY tranid"
    # when run
    rows = items(netsuite_sandbox, query)
    # then the partially fulfilled orders come back
    assert [row["tranid"] for row in rows] == ["SO100004", "SO100005", "SO100011"]


def test_runs_a_realistic_sales_order_lookup(netsuite_sandbox):
    # given the kind of query an order lookup sends: joins, NVL, ABS, NOT IN, ORDER BY
    query = """
        SELECT t.tranid, BUILTIN.DF(tl.item) AS item, tl.memo AS description,
               ABS(tl.quantity) AS ordered, ABS(NVL(tl.quantityshiprecv, 0)) AS fulfilled, tl.isclosed
        FROM transaction t
        JOIN transactionline tl ON tl.transaction = t.id
        LEFT JOIN item i ON i.id = tl.item
        WHERE t.type = 'SalesOrd' AND t.tranid = 'SO100004'
          AND NVL(tl.mainline, 'F') = 'F' AND NVL(tl.taxline, 'F') = 'F'
          AND tl.itemtype NOT IN ('ShipItem', 'Subtotal', 'Description', 'Discount', 'TaxItem')
        ORDER BY tl.linesequencenumber
    """
    # when run
    rows = items(netsuite_sandbox, query)
    # then the item lines come back with positive quantities
    assert rows == [
        {"tranid": "SO100004", "item": "WGT-1001", "description": "Industrial Widget, Steel", "ordered": "50",
         "fulfilled": "20", "isclosed": "F"},
        {"tranid": "SO100004", "item": "CBL-0050", "description": "Cat6 Cable (per meter)", "ordered": "12.5",
         "fulfilled": "0", "isclosed": "F"},
        {"tranid": "SO100004", "item": "KIT-STARTER", "description": "Starter Kit", "ordered": "2",
         "fulfilled": "2", "isclosed": "F"},
    ]  # fmt: skip


def test_supports_or_not_like_is_null_coalesce_case_count_sum_and_group_by(netsuite_sandbox):
    # given a query using the rest of what a lookup may need
    query = """
        SELECT c.isperson, COUNT(*) AS orders, SUM(CASE WHEN t.email IS NULL THEN 1 ELSE 0 END) AS without_email,
               MAX(UPPER(COALESCE(t.email, c.email))) AS an_email, NVL2(MAX(c.companyname), 'company', 'person') k
        FROM transaction t LEFT JOIN customer c ON c.id = t.entity
        WHERE t.type = 'SalesOrd' AND NOT (t.status = 'C' OR t.status = 'H') AND LOWER(c.email) LIKE '%@gmail.com'
        GROUP BY c.isperson
        ORDER BY c.isperson
    """
    # when run
    rows = items(netsuite_sandbox, query)
    # then the aggregates are computed
    assert rows == [
        {"isperson": "T", "orders": "2", "without_email": "1", "an_email": "EMILY.CARTER@GMAIL.COM", "k": "person"}
    ]


def test_a_quote_in_a_literal_changes_the_query_as_it_would_in_netsuite(netsuite_sandbox):
    # given a value with a quote pasted unescaped into a literal, and the same value correctly escaped
    injected = "SELECT tranid FROM transaction WHERE tranid = 'X' OR '1'='1'"
    escaped = "SELECT tranid FROM transaction WHERE tranid = 'X'' OR ''1''=''1'"
    # when both run
    everything = items(netsuite_sandbox, injected)
    nothing = items(netsuite_sandbox, escaped)
    # then the injection really widened the query to every row, and the escaped value matched none
    assert len(everything) == 15
    assert nothing == []


def test_text_inside_a_literal_is_never_rewritten(netsuite_sandbox):
    # given literals that look like SuiteQL functions and like the hidden display columns
    query = "SELECT 'BUILTIN.DF(t.status)' AS a, '__df_status' AS b, 'O''Brien' AS c FROM transaction WHERE id = 9001"
    # when run
    rows = items(netsuite_sandbox, query)
    # then they come back verbatim
    assert rows == [{"a": "BUILTIN.DF(t.status)", "b": "__df_status", "c": "O'Brien"}]


def test_compares_strings_case_sensitively_like_oracle(netsuite_sandbox):
    # given lower-case order numbers and a lower-case LIKE pattern
    # when run
    equal = items(netsuite_sandbox, "SELECT id FROM transaction WHERE tranid = 'so100001'")
    like = items(netsuite_sandbox, "SELECT id FROM transaction WHERE tranid LIKE 'so%'")
    # then nothing matches
    assert (equal, like) == ([], [])


def test_fetch_first_limits_the_rows(netsuite_sandbox):
    # given an Oracle row-limiting clause
    # when run
    rows = items(netsuite_sandbox, "SELECT id FROM transaction ORDER BY id FETCH FIRST 2 ROWS ONLY")
    # then two rows come back
    assert rows == [{"id": "9001"}, {"id": "9002"}]


def test_select_star_shows_only_netsuite_columns(netsuite_sandbox):
    # given SELECT * over a customer
    # when run
    rows = items(netsuite_sandbox, "SELECT * FROM customer WHERE id = 106")
    # then the hidden display twins stay hidden, and the missing email is left out
    assert rows == [
        {"id": "106", "entityid": "Redwood Dental Group", "companyname": "Redwood Dental Group", "isperson": "F"}
    ]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT t.nosuchcolumn FROM transaction t", "Unknown identifier 't.nosuchcolumn'"),
        ("SELECT BUILTIN.DF(t.nosuchcolumn) FROM transaction t", "Unknown identifier 't.nosuchcolumn'"),
        ("SELECT t.__df_status FROM transaction t", "Unknown identifier '__df_status'"),
        ("SELECT id FROM salesorders", "Record 'salesorders' was not found."),
        ("SELECT id FROM transaction WHERE rownum < 2", "Unknown identifier 'rownum'"),
        ("SELECT randomblob(8) FROM transaction", "Invalid or unsupported search"),
        ("SELECT id FROM transaction WHERE", "Invalid or unsupported search"),
        ("SELECT [id] FROM transaction", "Invalid or unsupported search"),
        ("SELECT 'unterminated FROM transaction", "Invalid or unsupported search"),
        ("SELECT id FROM transaction LIMIT 1", "Invalid or unsupported search"),
        ("SELECT name FROM sqlite_master", "Invalid or unsupported search"),
        ("SELECT BUILTIN.CONSOLIDATE(t.id) FROM transaction t", "Unknown identifier 'BUILTIN.CONSOLIDATE'"),
    ],
)
def test_refuses_an_unknown_name_or_a_syntax_error_with_netsuites_wording(netsuite_sandbox, query, reason):
    # given a query NetSuite cannot run
    # when sent
    response = suiteql(netsuite_sandbox, query)
    # then it is a 400 INVALID_PARAMETER naming the q parameter
    assert response.status_code == 400
    assert _error_detail(response) == {
        "detail": SEARCH_ERROR + reason,
        "o:errorCode": "INVALID_PARAMETER",
        "o:errorQueryParam": "q",
    }


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM transaction",
        "UPDATE transaction SET status = 'B'",
        "INSERT INTO customer (id) VALUES (1)",
        "DROP TABLE transaction",
        "SELECT 1 FROM transaction; DELETE FROM transaction",
        "PRAGMA query_only = OFF",
        "ATTACH DATABASE ':memory:' AS other",
        "WITH x AS (SELECT 1) SELECT * FROM x",
    ],
)
def test_is_read_only_and_accepts_a_single_select_only(netsuite_sandbox, statement):
    # given a statement that is not one plain SELECT
    # when sent
    response = suiteql(netsuite_sandbox, statement)
    # then it is refused and the data is untouched
    assert response.status_code == 400
    assert len(items(netsuite_sandbox, "SELECT id FROM transaction")) == 15


def test_refuses_a_body_without_a_query(netsuite_sandbox):
    # given a JSON body with no q

    url = netsuite_sandbox.url + "/services/rest/query/v1/suiteql"
    # when sent
    response = http.post(url, headers={"Authorization": tba_header(url), "Prefer": "transient"}, json={"query": 1})
    # then the content is invalid
    assert response.status_code == 400
    assert _error_detail(response)["o:errorCode"] == "INVALID_CONTENT"


def test_runs_over_fixture_data_given_as_a_mapping():
    # given a sandbox over two rows of its own
    data = {"customer": [{"id": 1, "companyname": "Solo Ltd", "isperson": "F"}], "transaction": []}
    with NetSuiteSandbox(data) as sandbox:
        # when queried
        rows = items(sandbox, "SELECT BUILTIN.DF(id) AS i, companyname, email FROM customer")
        # then it answers from that data; known NetSuite columns exist even when no row sets them
        assert rows == [{"i": "1", "companyname": "Solo Ltd"}]
