# ruff: noqa: RUF001, RUF003 -- the full-width punctuation of Chinese sentences is what these tests are about
"""The Simplified Chinese catalog is complete: every string in the code has a translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.services import ON_CI

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = (
    "config",
    "common",
    "partners",
    "recruitment",
    "training",
    "surveys",
    "deals",
    "channelrules",
    "evaluations",
    "incentives",
    "api",
    "plans",
    "templates",
)


def test_every_catalog_entry_is_translated():
    catalog = polib.pofile(str(CATALOG))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, "untranslated entries in zh_Hans"
    assert not fuzzy, "fuzzy entries in zh_Hans"


def test_catalog_has_every_string_of_the_code(tmp_path):
    """Run makemessages over a copy of the source and look for msgids the catalog lacks."""
    if not shutil.which("xgettext"):
        if ON_CI:
            pytest.fail("xgettext (GNU gettext) is needed to check the catalog")
        pytest.skip("xgettext (GNU gettext) is not installed")
    root = Path(settings.BASE_DIR)
    for name in (*SOURCE_DIRS, "manage.py"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(CATALOG)) if entry.translated()}
    missing = sorted(entry.msgid for entry in extracted if (entry.msgctxt, entry.msgid) not in known)
    assert not missing, "run `make messages` and translate these"


# Half-width punctuation between Chinese characters (or a Chinese character and a placeholder): Chinese
# sentences take the full-width ，：；. Latin text inside a translation ("left:right", "100000:2") is fine.
_CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
HALF_WIDTH_IN_CHINESE = re.compile(rf"[{_CJK}] *[,:;]|(?<!&lt)(?<!&gt)(?<!&amp)[,:;] *[{_CJK}]")


def test_chinese_translations_use_full_width_commas_colons_and_semicolons():
    catalog = polib.pofile(str(CATALOG))
    offending = []
    for entry in catalog:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if HALF_WIDTH_IN_CHINESE.search(text):
                offending.append(f"{entry.msgid!r}: {text!r}")
    assert not offending, "use ，：； in Chinese sentences"


def test_the_rule_catches_what_the_issue_saw():
    assert HALF_WIDTH_IN_CHINESE.search("已记录 29 人,通过 20 人")
    assert HALF_WIDTH_IN_CHINESE.search("%(name)s,您好:")
    assert not HALF_WIDTH_IN_CHINESE.search("每组请写成 left:right 的形式，例如 100000:2。")
    assert not HALF_WIDTH_IN_CHINESE.search("以“Bearer &lt;令牌&gt;”的形式发送")  # an HTML entity's semicolon


@pytest.mark.parametrize(
    ("context", "word", "chinese"),
    [
        ("course name", "Title", "课程名称"),
        ("fund request", "Title", "标题"),
        ("job title", "Title", "职务"),
        ("status", "Submitted", "已提交"),
        ("submission time", "Submitted", "提交时间"),
        ("fund category", "Materials", "物料支持"),
        ("course materials", "Materials", "课程资料"),
        ("application match", "Score", "评分"),
        ("test result", "Score", "考核成绩"),
        ("position in a ranking", "rank", "排名"),
        ("order of tiers", "rank", "等级顺序"),
    ],
)
def test_one_english_word_translated_by_its_context(context, word, chinese):
    with translation.override("zh-hans"):
        assert translation.pgettext(context, word) == chinese


def test_password_pages_say_nin_like_the_rest():
    from django.contrib.auth.password_validation import NumericPasswordValidator

    with translation.override("zh-hans"):
        text = str(NumericPasswordValidator().get_help_text())
    assert "您" in text and "你" not in text


def test_a_label_colon_is_full_width_in_chinese():
    with translation.override("zh-hans"):
        assert translation.pgettext("after a label", ":") == "："
    with translation.override("en"):
        assert translation.pgettext("after a label", ":") == ":"
