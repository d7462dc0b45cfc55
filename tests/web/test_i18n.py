"""The interface speaks Bahasa Indonesia by default, English on request, and every text is translated."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from .conftest import login

LOCALE = Path(__file__).parents[2] / "src/renaksi/web/locale"
CATALOGUE = LOCALE / "id/LC_MESSAGES/django.po"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_pages_are_in_indonesian_by_default(client, alice, plan):
    html = login(client, alice).get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert '<html lang="id">' in html
    for words in ("Indikator Kinerja", "Satuan", "Temuan", "Unduh JSON", "Target per triwulan"):
        assert words in html, words
    assert "TW I" in html and "TW IV" in html
    assert "Performance indicator" not in html


def test_english_is_selectable(client, alice, plan):
    login(client, alice)
    url = reverse("plan_detail", args=[plan.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    for words in ("Performance indicator", "Unit of measure", "Findings", "Download JSON", "Q1"):
        assert words in html, words
    assert "Indikator Kinerja" not in html
    client.post(reverse("set_language"), {"language": "id", "next": url})
    assert "Indikator Kinerja" in client.get(url).content.decode()


def test_messages_after_a_change_are_translated(client, alice, plan):
    from renaksi.web.plans.models import Node

    node = Node.objects.filter(plan=plan, level="subkegiatan").first()
    login(client, alice)
    response = client.post(reverse("node_move", args=[node.pk]), {"direction": "down"}, follow=True)
    assert "dipindahkan" in response.content.decode()


def test_every_message_has_an_indonesian_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(catalogue) > 100
    untranslated = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and (
            not (all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr.strip())
            or "fuzzy" in e.flags
        )
    ]
    assert untranslated == []
    assert not catalogue.metadata_is_fuzzy


def test_compiled_catalogues_exist_and_are_not_committed():
    assert (LOCALE / "id/LC_MESSAGES/django.mo").exists()
    gitignore = (Path(__file__).parents[2] / ".gitignore").read_text().splitlines()
    assert "*.mo" in gitignore


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (gettext) is not installed")
def test_the_catalogue_holds_every_text_of_the_sources(tmp_path):
    """makemessages on a copy of the sources finds no text the committed catalogue lacks."""
    web = Path(__file__).parents[2] / "src/renaksi/web"
    copy = tmp_path / "web"
    shutil.copytree(web, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "static"))
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [str(django_admin), "makemessages", "-l", "id", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(copy / "locale/id/LC_MESSAGES/django.po"))
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed)
    assert missing == [], (
        "run `cd src/renaksi/web && django-admin makemessages -l id -l en --no-obsolete` "
        "and translate the new texts in locale/id/LC_MESSAGES/django.po"
    )


PLACEHOLDER = re.compile(r"%\((\w+)\)[srd]|\{\{\s*(\w+)\s*\}\}")


@pytest.mark.parametrize("path", sorted(LOCALE.glob("*/LC_MESSAGES/django.po")), ids=str)
def test_translations_keep_the_placeholders_of_their_text(path):
    """A translation names the same %(…)s variables as its text (else rendering fails)."""
    wrong = []
    for e in polib.pofile(str(path)):
        translations = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        wanted = {m for m in PLACEHOLDER.findall(e.msgid)}
        wrong += [
            (e.msgid, t)
            for t in translations
            if t and {m for m in PLACEHOLDER.findall(t)} != wanted
        ]
    assert wrong == []
