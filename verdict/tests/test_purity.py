"""The verdict engine is pure: it imports no model, no database access and no app of ours; from
Django only the translatable labels and the choices enum its vocabulary is written with."""

import ast
from pathlib import Path

import verdict

ALLOWED_DJANGO = {"django.db.models.enums", "django.utils.translation"}
ALLOWED_THIRD_PARTY = {"pint"}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module)
    return modules


def test_the_engine_imports_nothing_but_the_standard_library_pint_and_django_labels():
    import sys

    package = Path(verdict.__file__).parent
    checked = 0
    for path in package.glob("*.py"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY:
                continue
            assert module in ALLOWED_DJANGO, f"{path.name} imports {module}"
        checked += 1
    assert checked >= 5  # __init__, vocabulary, units, plan, judgement, text
