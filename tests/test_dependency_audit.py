"""The dependency audit of CI fails on a vulnerable package and never reports "clean" for packages
it could not check (.ci/audit_dependencies.py, which runs pip-audit)."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

spec = importlib.util.spec_from_file_location(
    "audit_dependencies", Path(settings.BASE_DIR) / ".ci" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def answered(monkeypatch, dependencies, stdout=None):
    report = stdout if stdout is not None else json.dumps({"dependencies": dependencies, "fixes": []})
    monkeypatch.setattr(audit.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, report, ""))


def test_a_vulnerable_package_fails_the_step(monkeypatch, capsys):
    answered(monkeypatch, [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
        {"name": "celery", "version": "5.7.0", "vulns": []},
    ])
    assert audit.main() == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_packages_not_checked_are_said_and_do_not_pass(monkeypatch, capsys):
    answered(monkeypatch, [
        {"name": "django", "version": "5.2.19", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        {"name": "celery", "version": "5.7.0", "vulns": []},
    ])
    assert audit.main() == 2
    out = capsys.readouterr().out
    assert "1 of 2 packages checked" in out and "NOT CHECKED: 1 packages (django)" in out


@pytest.mark.parametrize("stdout", ["", "pip-audit: error"])
def test_no_report_at_all_is_not_a_pass(monkeypatch, stdout):
    answered(monkeypatch, [], stdout=stdout)
    assert audit.main() == 2


def test_every_package_checked_and_clean_passes(monkeypatch):
    answered(monkeypatch, [{"name": "celery", "version": "5.7.0", "vulns": []}])
    assert audit.main() == 0
