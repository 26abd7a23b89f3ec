"""`make run` shows what users get: DEBUG off unless asked for, Chinese error pages, static files
served, a secret key of the checkout's own rather than one written in the code."""

import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from demo.management.commands.run_platform import process_commands

BASE_DIR = Path(settings.BASE_DIR)
# What a developer's shell may hold that would change what a fresh `make run` does.
DROPPED = {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "VAR_DIR",
           "DJANGO_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "MEDIA_ROOT"}


def fresh_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if key not in DROPPED}
    return {**clean, "VAR_DIR": str(var_dir), **extra}


def settings_value(expression: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         f"from django.conf import settings as s; print({expression})"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_is_off_unless_a_developer_asks_for_it(tmp_path):
    assert settings_value("s.DEBUG", fresh_environment(tmp_path)) == "False"
    assert settings_value("s.DEBUG", fresh_environment(tmp_path, DEBUG="1")) == "True"


def test_the_secret_key_is_generated_once_under_var_readable_by_its_owner_only(tmp_path):
    first = settings_value("s.SECRET_KEY", fresh_environment(tmp_path / "one"))
    again = settings_value("s.SECRET_KEY", fresh_environment(tmp_path / "one"))
    elsewhere = settings_value("s.SECRET_KEY", fresh_environment(tmp_path / "two"))
    key_file = tmp_path / "one" / "secret_key"
    assert first == again == key_file.read_text().strip()
    assert len(first) >= 50 and elsewhere != first  # no key written in the code
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert settings_value("s.SECRET_KEY", fresh_environment(tmp_path / "one", SECRET_KEY="given-" * 10)) == (
        "given-" * 10
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def demo_web_process(tmp_path):
    """The web process `make run` starts, in a fresh checkout's environment, on a free port."""
    port = free_port()
    log = (tmp_path / "web.log").open("w")
    process = subprocess.Popen(
        process_commands(f"127.0.0.1:{port}")["web"], cwd=BASE_DIR, env=fresh_environment(tmp_path / "var"),
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/static/css/site.css", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "web.log").read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


@pytest.mark.slow
def test_make_run_answers_a_missing_page_with_the_chinese_404_and_serves_static_files(demo_web_process):
    status, body = fetch(f"{demo_web_process}/no-such-page/")
    assert status == 404
    assert '<html lang="zh-CN">' in body and "页面不存在" in body
    assert "Traceback" not in body and "URLconf" not in body and "DEBUG = True" not in body
    status, css = fetch(f"{demo_web_process}/static/vendor/bootstrap-5.3.9/bootstrap.min.css")
    assert status == 200 and "bootstrap" in css.lower()
    assert fetch(f"{demo_web_process}/static/css/site.css")[0] == 200
