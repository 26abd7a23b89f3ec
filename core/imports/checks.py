"""System check: openpyxl must parse XML through defusedxml (it does only when it is installed)."""

from django.core.checks import Error, register


@register()
def defusedxml_active(app_configs=None, **kwargs):
    from openpyxl.xml import DEFUSEDXML

    if DEFUSEDXML:
        return []
    return [Error(
        "defusedxml is not installed, so openpyxl parses XML without protection against entity bombs.",
        hint="pip install defusedxml (it is in requirements.txt).", id="imports.E001",
    )]
