"""No page's title holds markup: a `{% block title %}` (and a hand-written `<title>`) is plain text and
variables, never a card or an include pasted into it. A static walk over every template, no database."""

from pathlib import Path

from django.conf import settings
from django.template import loader
from django.template.base import TextNode
from django.template.loader_tags import BlockNode, IncludeNode

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _template_names() -> list[str]:
    return sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*") if path.suffix in {".html", ".txt"})


def _title_problems(name: str) -> list[str]:
    nodelist = loader.get_template(name).template.nodelist
    problems = []
    for block in nodelist.get_nodes_by_type(BlockNode):
        if block.name != "title":
            continue
        problems += [
            f"{name}: markup {node.s.strip()[:40]!r}"
            for node in block.nodelist.get_nodes_by_type(TextNode)
            if "<" in node.s
        ]
        problems += [f"{name}: include" for _node in block.nodelist.get_nodes_by_type(IncludeNode)]
        problems += [
            f"{name}: nested block" for node in block.nodelist.get_nodes_by_type(BlockNode) if node is not block
        ]
    return problems


def test_no_page_title_contains_markup():
    names = _template_names()
    titled = [name for name in names if "{% block title %}" in (TEMPLATES / name).read_text()]
    assert len(titled) > 100
    assert [problem for name in titled for problem in _title_problems(name)] == []


def test_the_check_catches_a_card_pasted_into_a_title(tmp_path, settings):
    (tmp_path / "broken.html").write_text(
        '{% extends "base.html" %}{% block title %}Statement<div class="card">x</div>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    assert _title_problems("broken.html") == ["broken.html: markup 'Statement<div class=\"card\">x</div>'"]


def test_hand_written_titles_hold_no_markup():
    for name in _template_names():
        text = (TEMPLATES / name).read_text()
        for chunk in text.split("<title>")[1:]:
            assert "<" not in chunk.split("</title>")[0].replace("{% block title %}", ""), name
