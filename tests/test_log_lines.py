"""User input cannot forge log lines: a path, a name or a message carrying CR, LF or other
control characters is written escaped on its record's one line, and a traceback's lines are
indented, so a line at the margin is always a record the platform wrote (web, worker and beat)."""

import io
import logging
import re

import pytest

from config.log_format import SingleLineFormatter

RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")
FORGED = "2026-12-04 12:00:00,000 ERROR django.security 管理员密码已重置"


@pytest.fixture
def log_output():
    """What the platform's console handler writes, as the operator's log collector reads it."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, SingleLineFormatter))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def assert_only_real_records(text: str) -> list[str]:
    lines = text.splitlines()
    assert lines, "nothing was logged"
    for line in lines:
        assert RECORD_START.match(line) or line.startswith("    "), line
    assert not any(line.startswith(FORGED) for line in lines)
    return lines


def test_a_path_with_line_breaks_is_logged_on_one_line(client, db, log_output):
    response = client.get("/no-such-page%0D%0A" + FORGED.replace(" ", "%20"))
    assert response.status_code == 404
    lines = assert_only_real_records(log_output.getvalue())
    [not_found] = [line for line in lines if "Not Found" in line]
    assert "\\r\\n2026-12-04 12:00:00,000 ERROR" in not_found


def test_control_characters_and_unicode_line_separators_are_escaped(log_output):
    logging.getLogger("accounts").warning("login refused for %s", "office\n" + FORGED + "\x1b[2J\u2028x")
    [line] = assert_only_real_records(log_output.getvalue())
    assert line.endswith("login refused for office\\n" + FORGED + "\\x1b[2J\\u2028x")


def test_a_traceback_carrying_user_text_stays_inside_its_record(log_output):
    try:
        raise ValueError("bad cell\n" + FORGED)
    except ValueError:
        logging.getLogger("core.imports").exception("import job %s failed", 7)
    lines = assert_only_real_records(log_output.getvalue())
    assert RECORD_START.match(lines[0]) and lines[0].endswith("import job 7 failed")
    assert all(line.startswith("    ") for line in lines[1:]) and len(lines) > 2


def test_workers_and_beat_log_through_the_same_formatter():
    from celery.signals import setup_logging

    import config.celery  # noqa: F401  (connects the receiver)

    root = logging.getLogger()
    saved = root.handlers[:]
    try:
        root.handlers = []
        setup_logging.send(sender=None, loglevel=logging.INFO, logfile=None, format="", colorize=False)
        assert any(isinstance(h.formatter, SingleLineFormatter) for h in root.handlers)
    finally:
        root.handlers = saved
