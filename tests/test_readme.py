"""The README is tested against the code: every environment variable the settings read is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = (ROOT / "src/renaksi/web/settings.py").read_text(encoding="utf-8")

# Every name read through the settings' helpers: env("X", ...) and env_bool("X", ...).
READ = sorted(set(re.findall(r"\benv(?:_bool)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", SETTINGS)))


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"the README has no '## {title}' section"
    return match.group(1)


def configuration_table() -> dict[str, tuple[str, str]]:
    """variable → (default, meaning), from the rows of the Configuration table."""
    rows = re.findall(
        r"^\| `([A-Z][A-Z0-9_]*)` \|(.*?)\|(.*?)\|\s*$", section("Configuration"), re.M
    )
    return {name: (default.strip(), meaning.strip()) for name, default, meaning in rows}


def test_the_settings_read_variables():
    assert len(READ) >= 10 and "DATABASE_URL" in READ and "RENAKSI_SECRET_KEY" in READ


@pytest.mark.parametrize("name", READ)
def test_every_variable_is_in_the_configuration_table(name):
    table = configuration_table()
    assert name in table, f"{name} is read in settings.py but not documented in the README"
    default, meaning = table[name]
    assert default and meaning


def test_no_documented_variable_that_the_settings_do_not_read():
    assert set(configuration_table()) <= set(READ)


def test_os_environ_is_read_only_through_the_helpers():
    # A variable read another way would escape the check above.
    direct = re.findall(r"os\.environ(?:\.get)?[\[(]\s*[\"']([A-Z_]+)", SETTINGS)
    assert set(direct) <= set(READ)
    assert "getenv" not in SETTINGS


def test_readme_shows_the_routine_commands():
    assert "make run" in README and "make test" in README
    quick = section("Quick start")
    assert "http://127.0.0.1:8000" in quick and "renaksi import" in quick


@pytest.mark.parametrize(
    "title", ["Quick start", "Roles", "Importing", "Configuration", "Deployment"]
)
def test_readme_has_section(title):
    assert section(title).strip()


def test_roles_table_names_every_role():
    from renaksi.web.accounts.models import Role

    roles = section("Roles")
    for role in Role.values:
        assert f"(`{role}`)" in roles
