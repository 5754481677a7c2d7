"""Logs: JSON lines that carry the request id and the call's fields; text lines as before."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from entrypoints import logs
from entrypoints.grpc.context import request_id_var

log = logging.getLogger("strata.test")


@contextmanager
def configured(level: str, *fmt: str) -> Iterator[io.StringIO]:
    """Logging configured onto a buffer; the root logger (pytest's handlers) is put back after."""
    root = logging.getLogger()
    handlers, old_level = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        logs.configure(level, *fmt, stream=stream)
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(old_level)


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_json_lines_carry_the_request_id_of_the_call() -> None:
    with configured("INFO", "json") as stream:
        token = request_id_var.set("rid-123")
        try:
            log.info(
                "call %s", "done", extra={"method": "/a.B/C", "code": "OK", "duration_ms": 1.5}
            )
        finally:
            request_id_var.reset(token)
        log.warning("outside a call")

    first, second = (json.loads(line) for line in lines(stream))
    assert first["message"] == "call done"
    assert first["level"] == "INFO"
    assert first["logger"] == "strata.test"
    assert first["request_id"] == "rid-123"
    assert (first["method"], first["code"], first["duration_ms"]) == ("/a.B/C", "OK", 1.5)
    assert datetime.fromisoformat(first["time"]).utcoffset() is not None
    assert first["time"].endswith("+00:00")
    assert second["request_id"] is None
    assert "method" not in second


def test_json_error_holds_the_traceback_on_one_line() -> None:
    with configured("INFO", "json") as stream:
        try:
            raise ValueError("bad\nthing")
        except ValueError:
            log.exception("failed")

    [line] = lines(stream)
    entry = json.loads(line)
    assert entry["message"] == "failed"
    assert entry["error"].startswith("Traceback")
    assert "ValueError: bad" in entry["error"]


def test_json_fields_that_are_not_json_are_written_as_text() -> None:
    with configured("INFO", "json") as stream:
        log.info("odd", extra={"thing": object()})
        assert json.loads(lines(stream)[0])["thing"].startswith("<object object")


def test_text_lines_are_unchanged() -> None:
    with configured("INFO") as stream:
        token = request_id_var.set("rid-9")
        try:
            log.info("hello")
        finally:
            request_id_var.reset(token)
        log.info("bye")

    first, second = lines(stream)
    assert re.fullmatch(r"\S+ \S+ INFO strata\.test \[rid-9\] hello", first)
    assert second.endswith("INFO strata.test [-] bye")


def test_level_filters_below_it() -> None:
    with configured("WARNING", "json") as stream:
        log.info("quiet")
        log.warning("loud")
        assert [json.loads(line)["message"] for line in lines(stream)] == ["loud"]
