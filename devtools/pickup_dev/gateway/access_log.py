"""One JSON line per request, written as the answer is sent; latencyMs runs from the request line to a ready answer.

It names the API key by its id only and never carries a body or a query string.
"""

import json
import logging

access_log = logging.getLogger("pickup_dev.gateway.access")


def log_request(
    *, request_id: str, method: str, path: str, status: int, latency_ms: float, api_key_id: str | None
) -> None:
    line = {
        "requestId": request_id,
        "method": method,
        "path": path,
        "status": status,
        "latencyMs": round(latency_ms, 1),
        "apiKeyId": api_key_id,
    }
    access_log.info(json.dumps(line))
