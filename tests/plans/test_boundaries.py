"""`plans` reads every other app and none reads it (DESIGN.md): no module of another app imports plans."""

import ast
from pathlib import Path

from django.conf import settings

OTHER_APPS = ("common", "partners", "recruitment", "training", "evaluations", "incentives")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_other_app_imports_plans():
    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root))
        for app in OTHER_APPS
        for path in (root / app).rglob("*.py")
        if any(name == "plans" or name.startswith("plans.") for name in imports_of(path))
    ]
    assert not offenders


def test_no_other_apps_template_loads_plans_tags():
    root = Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path)
        for app in OTHER_APPS
        for path in (root / app).rglob("*.html")
        if "plans_tags" in path.read_text(encoding="utf-8")
    ]
    assert not offenders
