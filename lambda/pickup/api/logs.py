"""One structured JSON log line per request. Fields are chosen, never dumped: no secret, no email."""

import json
import logging
import sys
from typing import Any, TextIO

LOGGER_NAME = "pickup"


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"level": record.levelname, "message": record.getMessage()}
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=str)


class _StdoutHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stdout is when a line is logged, not when the handler was made."""

    @property
    def stream(self) -> TextIO:
        return sys.stdout

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def configure_logger(level: str = "INFO", stream: TextIO | None = None) -> logging.Logger:
    """The package logger, writing JSON lines to stdout (CloudWatch in Lambda). Safe to call twice:
    the first call chooses the stream."""
    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(h.formatter, JsonLineFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(stream) if stream is not None else _StdoutHandler()
        handler.setFormatter(JsonLineFormatter())
        logger.addHandler(handler)
    logger.setLevel(level if level in {"DEBUG", "INFO", "WARNING", "ERROR"} else "INFO")
    logger.propagate = False
    return logger


def log_event(logger: logging.Logger, level: int, message: str, **fields: Any) -> None:
    logger.log(level, message, extra={"fields": fields})
