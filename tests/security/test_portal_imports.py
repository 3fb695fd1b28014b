"""The partner portal and the public pages share no code path with the internal views: a change to an
internal view (its permission, its queryset) can never open or widen a portal page."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE_VIEWS = sorted(
    path
    for pattern in ("*/portal_views.py", "*/public_views.py")
    for path in ROOT.glob(pattern)
    if ".venv" not in str(path)
)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    modules = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return modules


def test_every_app_with_a_portal_is_checked():
    assert {path.parent.name for path in OUTSIDE_VIEWS} >= {"partners", "training", "evaluations", "incentives"}


@pytest.mark.parametrize("path", OUTSIDE_VIEWS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_portal_and_public_views_import_no_internal_view(path):
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")}
    internal = sorted(m for m in _imported_modules(path) if m.split(".")[0] in apps and m.split(".")[-1] == "views")
    assert not internal
