"""Bahasa Indonesia by default, whatever the browser asks; English when the person chooses it."""

from tests.web.conftest import login


def test_indonesian_even_for_an_english_browser(client, alice, plan):
    login(client, alice)
    page = client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.status_code == 200
    assert 'lang="id"' in page.content.decode()


def test_the_choice_made_with_the_selector_wins(client, alice, plan):
    login(client, alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/plans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    assert 'lang="en"' in page.content.decode()
