"""Reads the POST forms of a page as a browser would submit them (inputs with their values, checked boxes,
selected options, textareas), so the battery can post every form of the project unchanged."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._in_form = False
        self._select = self._textarea = None
        self._first_option = None

    @property
    def fields(self):
        return self.forms[-1].fields

    @property
    def names(self):
        return self.forms[-1].names

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and not self._in_form:
            self._in_form = True
            self.forms.append(Form(a.get("action") or ""))
        if not self._in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            self.names.add(a["name"])
            kind = (a.get("type") or "text").lower()
            if (kind in ("checkbox", "radio") and "checked" not in a) or kind in ("file", "submit", "button"):
                return
            self.fields.setdefault(a["name"], []).append(a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.names.add(a["name"])
            self._select, self._first_option = a["name"], None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None and value:
                self._first_option = value
            if "selected" in a:
                self.fields.setdefault(self._select, []).append(value)
        elif tag == "textarea":
            self.names.add(a["name"])
            self._textarea = a["name"]
            self.fields.setdefault(a["name"], []).append("")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if self._select not in self.fields and self._first_option is not None:
                self.fields[self._select] = [self._first_option]
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form = False


def post_forms(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms
