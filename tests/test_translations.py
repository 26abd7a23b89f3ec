"""English is complete: every translatable string of the sources has an English translation,
and the committed compiled catalogues (used where gettext is not installed) match the sources."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="needs GNU gettext (apt-get install gettext; CI installs it)",
)


def _catalog(mo_path: Path) -> dict:
    with mo_path.open("rb") as handle:
        return {key: value for key, value in gettext.GNUTranslations(handle)._catalog.items() if key}


@pytest.mark.parametrize("domain", ["django"])
def test_catalogue_is_complete_and_compiled(domain, tmp_path):
    po = LOCALE / f"{domain}.po"
    committed_mo = LOCALE / f"{domain}.mo"
    assert po.exists() and committed_mo.exists(), f"run `make messages` to create {po.name}"
    backup = po.read_bytes()
    try:
        # Re-extract from the sources into the catalogue, exactly as `make messages` does.
        call_command(
            "makemessages", locale=["en"], domain=domain, no_obsolete=True, verbosity=0,
            ignore_patterns=[".venv", "var", "static/vendor", "bench"],
        )
        untranslated = subprocess.run(
            ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        ).stdout
        fuzzy = subprocess.run(
            ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        ).stdout
        fresh_mo = tmp_path / f"{domain}.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(fresh_mo), str(po)], check=True)
    finally:
        po.write_bytes(backup)
    assert "msgid" not in untranslated.split("\n\n", 1)[-1], f"untranslated strings:\n{untranslated[:3000]}"
    assert "msgid" not in fuzzy.split("\n\n", 1)[-1], f"fuzzy strings:\n{fuzzy[:3000]}"
    assert _catalog(fresh_mo) == _catalog(committed_mo), "locale/*.po changed: run `make messages` and commit"
