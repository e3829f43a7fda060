"""Errors found while reading the HTTP request itself, before the domain sees it.

RequestRejected
├── MethodNotAllowed  anything but POST (and OPTIONS, answered before) (405 METHOD_NOT_ALLOWED)
├── BodyTooLarge      more bytes than MAX_BODY_BYTES (413 PAYLOAD_TOO_LARGE)
└── InvalidJson       the body is not a JSON document (400 INVALID_JSON)
"""


class RequestRejected(Exception):
    """The request cannot be read as a validate-order request."""


class BodyTooLarge(RequestRejected):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


class InvalidJson(RequestRejected):
    pass


class MethodNotAllowed(RequestRejected):
    pass
