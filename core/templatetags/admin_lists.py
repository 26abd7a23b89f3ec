"""The admin's change lists: the date hierarchy of the big tables from index look-ups; the next
page of a list whose count is an estimate."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.views.main import PAGE_VAR

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def indexed_date_hierarchy(changelist):
    """Django's date hierarchy, but its first level (the years) from
    ``BigTableAdmin.date_hierarchy_years`` where the admin gives them, not a DISTINCT over every
    row; the months and days of a chosen year are Django's own."""
    years_of = getattr(changelist.model_admin, "date_hierarchy_years", None)
    years = years_of(changelist) if years_of is not None else None
    if years is None:
        return date_hierarchy(changelist)
    field = changelist.date_hierarchy
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": changelist.get_query_string({f"{field}__year": str(year)}, [f"{field}__"]), "title": str(year)}
            for year in years
        ],
    }


@register.simple_tag
def next_page_url(changelist) -> str:
    """The page after this one while this one is full, where the count is an estimate (which the
    numbered links stop at): "" otherwise."""
    paginator = changelist.paginator
    if not getattr(paginator, "estimated", False) or len(changelist.result_list) < changelist.list_per_page:
        return ""
    return changelist.get_query_string({PAGE_VAR: changelist.page_num + 1})
