"""The documentation is tested against the code: every finding code is documented once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from renaksi.core import rules
from renaksi.importers.interpret import FINDINGS

DOCS = Path(__file__).parents[1] / "docs"
IMPORT_DOC = (DOCS / "import.md").read_text(encoding="utf-8")
DOCUMENTED = dict(re.findall(r"^\| `([a-z][a-z-]+)` \| (error|warning|info) \|", IMPORT_DOC, re.M))
CODES = {code: severity for code, (severity, _meaning) in FINDINGS.items()} | {
    rule.code: rule.severity for rule in rules.RULES
}


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_finding_code_is_documented_with_its_severity(code):
    assert DOCUMENTED.get(code) == CODES[code]


def test_no_documented_code_that_the_code_does_not_produce():
    assert set(DOCUMENTED) <= set(CODES)


def test_readme_shows_the_test_command():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make run" in readme
