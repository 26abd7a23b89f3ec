"""Helpers of the public pages: names in the visitor's language, keyset pagination links."""

from django import template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

register = template.Library()


@register.filter
def loc(obj, base: str = "name"):
    """``obj.<base>_en`` on English pages when it is filled in, else the Chinese ``<base>_zh`` or ``<base>``."""
    if obj is None:
        return ""
    chinese = getattr(obj, f"{base}_zh", None)
    if chinese is None:
        chinese = getattr(obj, base, "")
    if (translation.get_language() or "").startswith("en"):
        english = getattr(obj, f"{base}_en", "")
        if english:
            return english
    return chinese


@register.filter
def param(params, name: str) -> str:
    """The visitor's value of a query parameter, for re-filling a filter form."""
    return params.get(name, "") if params is not None else ""


@register.filter
def language_label(code: str) -> str:
    """'fr' → 法语 / French (Django's own names), or the code itself when Django does not know it."""
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


# Codes the library uses that are not countries of ISO 3166.
REGIONS = {"EU": _("欧盟")}


@register.filter
def country_name(code: str) -> str:
    """An ISO 3166 code as the country's name in the visitor's language (CN → 中国 / China), the
    library's regional codes likewise (EU → 欧盟 / European Union); an unknown code as it is."""
    if not code:
        return ""
    code = code.upper()
    if code in REGIONS:
        return str(REGIONS[code])
    return str(countries.name(code)) or code


@register.simple_tag
def industry_options(groups, selected: str = "") -> SafeString:
    """The industry filter's options: each GB/T 4754 section, then its divisions indented. About 120
    options, which as template loops (or ``format_html`` each) took 2–4 ms a page wherever the
    fragment was not cached; every text is escaped here."""

    def option(industry, indent: str) -> str:
        code = escape(industry.code)
        chosen = " selected" if industry.code == selected else ""
        return f'<option value="{code}"{chosen}>{indent}{code} {escape(loc(industry))}</option>'

    lines = []
    for group in groups:
        lines.append(option(group.section, ""))
        lines.extend(option(division, "&emsp;") for division in group.divisions)
    return mark_safe("\n".join(lines))
