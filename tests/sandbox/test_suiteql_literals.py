"""Any text, correctly escaped as a SuiteQL literal, stays one literal: the tokenizer never splits or rewrites it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pickup_dev.sandbox.records import load_tables
from pickup_dev.sandbox.suiteql import SuiteQLEngine, SuiteQLError


@pytest.fixture(scope="module")
def engine():
    engine = SuiteQLEngine(load_tables(None))
    yield engine
    engine.close()


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_an_escaped_literal_comes_back_verbatim(engine, value):
    # given any text escaped the Oracle way
    query = f"SELECT {literal(value)} AS v FROM transaction WHERE id = 9001"
    # when selected
    rows = engine.run(query)
    # then it is exactly the text
    assert rows == [{"v": value}]


@settings(max_examples=150, deadline=None)
@given(st.one_of(TEXT, st.sampled_from(["X' OR '1'='1", "' OR 1=1 --", "SO100001' OR 'a'='a", "BUILTIN.DF(t.status)"])))
def test_an_escaped_literal_matches_only_itself(engine, value):
    # given any text compared with the order number, escaped
    query = f"SELECT tranid FROM transaction WHERE tranid = {literal(value)}"
    # when run
    rows = engine.run(query)
    # then it matches at most the one order with that very number
    assert all(row["tranid"] == value for row in rows)


def _outcome(engine: SuiteQLEngine, query: str) -> list[dict[str, str]] | str:
    try:
        return engine.run(query)
    except SuiteQLError as error:
        return error.detail


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(max_size=60).map(lambda tail: "SELECT " + tail)))
def test_any_text_as_a_query_is_answered_or_refused_never_crashes(engine, query):
    # given arbitrary text sent as q
    # when run
    outcome = _outcome(engine, query)
    # then it is either rows or a refusal worded as NetSuite words it (never another exception)
    assert isinstance(outcome, list) or outcome.startswith("Invalid search query. Detailed unprocessed description")
