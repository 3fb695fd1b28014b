"""A filter form's field rendered as crispy-forms' Bootstrap 5 pack renders it, without the template engine.

crispy renders each field through a dozen nested templates, and Django renders each option of a select
through two more: a partner list's filter form (seven dropdowns, one of them every city) took a third of the
page's time. The filter forms of list pages hold only optional text inputs and single selects; for those,
`field_html` writes the same markup (the same elements, attributes and classes, the same error block) in
Python. Any other field (required, with help text, a checkbox, a multiple select, a widget crispy renders in
its own way) goes to crispy unchanged. tests/common/test_field_render.py compares both for every kind handled.
"""

from __future__ import annotations

import html

from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# The input types rendered here; crispy gives each the "form-control" class.
TEXT_TYPES = frozenset({"text", "number", "date", "email", "search", "url", "tel"})
NOT_HANDLED = (forms.SelectMultiple, forms.CheckboxInput, forms.FileInput, forms.HiddenInput, forms.MultiWidget)


def handled(bound) -> bool:
    widget = bound.field.widget
    if isinstance(widget, NOT_HANDLED) or bound.field.required or bound.help_text or bound.field.disabled:
        return False
    if isinstance(widget, forms.Select):
        return widget.template_name == "django/forms/widgets/select.html" and widget.option_template_name == (
            "django/forms/widgets/select_option.html"
        )
    return (
        isinstance(widget, Input)
        and widget.input_type in TEXT_TYPES
        and widget.template_name
        in (
            "django/forms/widgets/input.html",
            f"django/forms/widgets/{widget.input_type}.html",
        )
    )


def field_html(bound) -> SafeString:
    """`bound` as crispy's `as_crispy_field` renders it (see the module's docstring); crispy for the rest."""
    if not handled(bound):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(bound)
    widget = bound.field.widget
    is_select = isinstance(widget, forms.Select)
    errors = bound.errors if bound.form.is_bound else []
    # The classes crispy sets: the widget's own, its class name, then Bootstrap's, then is-invalid on errors.
    class_name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    css = (f"{css} {class_name}" if class_name not in css else css) if css else class_name
    css = f"{css} {'form-select' if is_select else 'form-control'}"
    if errors:
        css += " is-invalid"
    attrs = bound.build_widget_attrs({**widget.attrs, "class": css}, widget)
    if errors:
        attrs["aria-describedby"] = f"{bound.auto_id}_error"
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    if is_select:
        control = _select(context)
    else:
        value = context["value"]
        control = format_html(
            '<input type="{}" name="{}"{}{}>',
            context["type"],
            context["name"],
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(context["attrs"]),
        )
    label = ""
    if bound.label:
        label = format_html('<label for="{}" class="form-label">{}</label>', bound.id_for_label, bound.label)
    feedback = ""
    if errors:
        feedback = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            bound.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, bound.auto_id, error) for n, error in enumerate(errors, start=1)),
            ),
        )
    return format_html('<div id="div_{}" class="mb-3">{}{}{}</div>', bound.auto_id, label, control, feedback)


def _select(context: dict) -> SafeString:
    # Hundreds of options (every city): written with the standard library's escape, which Django's wraps.
    parts = [f'<select name="{_escape(context["name"])}"{_attrs(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{_escape(group_name)}">')
        for option in options:
            parts.append(
                f'<option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>{_escape(option["label"])}</option>'
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # nosec B308 B703: every value in it went through _escape


def _escape(value) -> str:
    """As the template engine escapes a value: markup already safe is kept, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """As Django's widgets/attrs.html writes attributes: True as the bare name, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
