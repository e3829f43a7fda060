"""The usage plan on the API key: 100 requests/s with a burst of 200, and 10,000 a day (UTC), all configurable."""

from datetime import UTC, datetime

import httpx

from tests.gateway.support import KEY, Recorder

CORS_ORIGIN = "access-control-allow-origin"


def _post(client: httpx.Client) -> httpx.Response:
    return client.post("/validate-order", headers=KEY, json={"order_number": "SO-1"})


def test_a_burst_of_200_passes_and_the_next_request_is_throttled(gateway, gateway_clock):
    # given the deployed plan's defaults and a clock that does not move
    handler = Recorder()
    gw = gateway(handler, clock=gateway_clock.monotonic, utc_now=gateway_clock.utc_now)

    # when 201 requests arrive at the same instant
    with httpx.Client(base_url=gw.url) as client:
        statuses = [_post(client).status_code for _ in range(200)]
        throttled = _post(client)

    # then the first 200 pass and the next gets API Gateway's throttling answer, with CORS headers
    assert statuses == [200] * 200
    assert throttled.status_code == 429
    assert throttled.json() == {"message": "Too Many Requests"}
    assert throttled.headers[CORS_ORIGIN] == "*"
    assert handler.calls == 200


def test_the_bucket_refills_at_100_requests_a_second(gateway, gateway_clock):
    # given a plan whose burst has been used up
    gw = gateway(Recorder(), clock=gateway_clock.monotonic, utc_now=gateway_clock.utc_now)
    with httpx.Client(base_url=gw.url) as client:
        for _ in range(200):
            _post(client)
        assert _post(client).status_code == 429

        # when 10 ms pass, then one more request is allowed
        gateway_clock.advance(0.01)
        assert _post(client).status_code == 200
        assert _post(client).status_code == 429

        # when a full second passes, then 100 more are allowed and no more
        gateway_clock.advance(1.0)
        statuses = [_post(client).status_code for _ in range(101)]
    assert statuses == [200] * 100 + [429]


def test_the_daily_quota_answers_limit_exceeded_until_utc_midnight(gateway, gateway_clock):
    # given a plan with a daily quota of 3, late in the UTC day
    handler = Recorder()
    gateway_clock.advance_to(datetime(2026, 3, 2, 23, 59, 0, tzinfo=UTC))
    gw = gateway(handler, daily_quota=3, clock=gateway_clock.monotonic, utc_now=gateway_clock.utc_now)

    with httpx.Client(base_url=gw.url) as client:
        # when the quota is used up
        statuses = [_post(client).status_code for _ in range(3)]
        over = _post(client)
        # and a minute later, after midnight UTC, a request arrives
        gateway_clock.advance(60)
        next_day = _post(client)

    # then the fourth request gets API Gateway's quota answer, and the new day starts a fresh quota
    assert statuses == [200, 200, 200]
    assert over.status_code == 429
    assert over.json() == {"message": "Limit Exceeded"}
    assert over.headers[CORS_ORIGIN] == "*"
    assert next_day.status_code == 200
    assert handler.calls == 4


def test_rejected_requests_are_counted_by_status(gateway, gateway_clock):
    # given a plan that allows one request
    gw = gateway(Recorder(), burst=1, rate=1.0, clock=gateway_clock.monotonic, utc_now=gateway_clock.utc_now)

    # when three requests arrive at once and one has no key
    with httpx.Client(base_url=gw.url) as client:
        _post(client)
        _post(client)
        client.post("/validate-order", json={})

    # then the gateway's counters show each answer
    assert gw.stats == {200: 1, 403: 1, 429: 1}
