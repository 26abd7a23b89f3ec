"""What the admin tests share: admin addresses, the messages shown, and the POST a browser sends
for a change page (the logged-in clients are fixtures of the root conftest.py)."""

from django.contrib.messages import get_messages
from django.forms import MultiWidget
from django.urls import reverse


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:standards_{model}_{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def change_form_data(response) -> dict:
    """The POST a browser would send for this add or change page, built from the page's forms."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue  # as a browser sends an empty field (an empty multiple choice: not at all)
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                data[subform.add_prefix(name)] = "" if value is None else value
    return data


def inline_prefix(response, model) -> str:
    return next(i.formset.prefix for i in response.context["inline_admin_formsets"] if i.opts.model is model)


def add_inline_row(data: dict, prefix: str, values: dict) -> None:
    """One more row in the inline ``prefix`` of ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
