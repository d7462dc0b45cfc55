"""Every finding code the importer, the validator or the store can produce has a translated title."""

from renaksi.core import rules
from renaksi.importers.interpret import FINDINGS
from renaksi.web.plans.table import FINDING_TITLES


def test_every_finding_code_has_a_title():
    codes = set(FINDINGS) | {r.code for r in rules.RULES} | {"setting-to-confirm"}
    assert codes == set(FINDING_TITLES)
