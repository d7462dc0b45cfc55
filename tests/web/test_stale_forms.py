"""Stale edit forms are refused: a node, an indicator with its targets, a unit's report settings.

Each edit form carries the version of what it edits as it was when the form was opened (a hidden
``version``); a save made with a version that is no longer the stored one (someone else saved in
between) is refused with a 409 and a message saying so, and nothing of it is written; a save
with the current version goes through and bumps the version. Of several saves made with the same
version, exactly one succeeds: one after the other here, at the same moment in threads (each with
its own connection, as in ``test_concurrency``) below. docs/security.md, "Stale forms".
"""

from __future__ import annotations

import re
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from renaksi.web.accounts.models import Unit
from renaksi.web.monitoring.models import History
from renaksi.web.plans import selectors, services
from renaksi.web.plans.models import Indicator, Node, Target
from renaksi.web.reportjobs import services as report_services

from .conftest import login
from .test_concurrency import own_connections, race  # noqa: F401 (a fixture, used by name)

STALE = "after you opened this form"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def english(client: Client, user) -> Client:
    client.cookies["django_language"] = "en"
    return login(client, user)


def opened_version(client: Client, url: str) -> str:
    """The version an edit page's form carries (its hidden field), as the browser sends it."""
    response = client.get(url)
    assert response.status_code == 200
    found = re.search(
        r'<input type="hidden" name="version" value="(\d+)"', response.content.decode()
    )
    assert found, "the form carries no version"
    return found[1]


def first_node(plan) -> Node:
    return Node.objects.filter(plan=plan, level="subkegiatan").order_by("id").first()


def first_indicator(plan) -> Indicator:
    return Indicator.objects.filter(node__plan=plan).order_by("id").first()


def targets_of(indicator: Indicator) -> dict:
    return {
        t.period: selectors.db_value(t)
        for t in Target.objects.filter(indicator=indicator, kind=Target.Kind.TARGET)
    }


def node_data(node: Node, name: str, version) -> dict:
    return {"level": node.level, "number": node.number, "code": node.code, "name": name,
            "budget": "", "version": version}  # fmt: skip


def indicator_data(indicator: Indicator, name: str, version, **targets) -> dict:
    data = {"objective": indicator.objective, "name": name, "unit": indicator.unit,
            "annual_target": "", "target_mode": "cumulative", "aggregation": "", "polarity": "",
            "weight": "1", "version": version}  # fmt: skip
    data.update({f"target_{p}": v for p, v in targets.items()})
    return data


def settings_data(version, **fields) -> dict:
    data = {"signature_place": "Kaligondang", "head_position": "Camat Kaligondang",
            "head_name": "", "head_nip": "", "paper": "A4", "version": version}  # fmt: skip
    data.update(fields)
    return data


def refused(response) -> str:
    """The stale form shown again: 409, the message where the person sees it."""
    assert response.status_code == 409, response.status_code
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and STALE in errors[0] and "Reload the page" in errors[0]
    assert errors[0] in response.content.decode().replace("&#x27;", "'")
    return errors[0]


# ---------------------------------------------------------------------------------------------
# Over HTTP: two people open the same form; the second to save is refused


def test_a_stale_node_form_is_refused_and_the_newer_name_stays(client, alice, erin, plan):
    node = first_node(plan)
    url = reverse("node_edit", args=[node.pk])
    mine, theirs = english(client, alice), english(Client(), erin)
    version = opened_version(mine, url)
    assert opened_version(theirs, url) == version == "0"
    assert theirs.post(url, node_data(node, "Nama dari Erin", version)).status_code == 302
    node.refresh_from_db()
    assert (node.name, node.version) == ("Nama dari Erin", 1)
    message = refused(mine.post(url, node_data(node, "Nama dari Alice", version)))
    assert "'Nama dari Erin'" in message  # the node as it is now
    node.refresh_from_db()
    assert (node.name, node.version) == ("Nama dari Erin", 1)
    # Reloaded, the form carries the new version, and saves.
    version = opened_version(mine, url)
    assert version == "1"
    assert mine.post(url, node_data(node, "Nama dari Alice", version)).status_code == 302
    node.refresh_from_db()
    assert (node.name, node.version) == ("Nama dari Alice", 2)


def test_a_stale_indicator_form_is_refused_with_its_targets(client, alice, erin, plan):
    indicator = first_indicator(plan)
    url = reverse("indicator_edit", args=[indicator.pk])
    mine, theirs = english(client, alice), english(Client(), erin)
    version = opened_version(mine, url)
    periods = indicator.node.plan.periods
    # Erin changes a target only: that makes every form opened before stale too.
    response = theirs.post(
        url, indicator_data(indicator, indicator.name, version, **dict.fromkeys(periods, "7"))
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.version == 1
    assert targets_of(indicator) == dict.fromkeys(periods, 7)
    name = indicator.name
    history = History.objects.count()
    refused(
        mine.post(
            url, indicator_data(indicator, "Nama lain", version, **dict.fromkeys(periods, "9"))
        )
    )
    indicator.refresh_from_db()
    assert (indicator.name, indicator.version) == (name, 1)
    assert targets_of(indicator) == dict.fromkeys(periods, 7)
    assert History.objects.count() == history  # nothing recorded for the refused save


def test_a_stale_report_settings_form_is_refused(client, alice, dave, kaligondang):
    url = reverse("report_settings", args=[kaligondang.pk])
    mine, theirs = english(client, alice), english(Client(), dave)
    version = opened_version(mine, url)
    response = theirs.post(url, settings_data(version, head_name="Drs. Sugeng Widodo"))
    assert response.status_code == 302
    response = mine.post(url, settings_data(version, head_name="Orang Lain", paper="F4"))
    refused(response)
    assert "Please correct the fields marked below" not in response.content.decode()
    kaligondang.refresh_from_db()
    assert (kaligondang.head_name, kaligondang.paper, kaligondang.settings_version) == (
        "Drs. Sugeng Widodo",
        "A4",
        1,
    )


@pytest.mark.parametrize("version", [None, "", "x", "-1"])
def test_a_form_without_a_version_saves_nothing(client, alice, plan, kaligondang, version):
    node, indicator = first_node(plan), first_indicator(plan)
    english(client, alice)
    posts = [
        (reverse("node_edit", args=[node.pk]), node_data(node, "Tanpa versi", version), 200),
        (
            reverse("indicator_edit", args=[indicator.pk]),
            indicator_data(indicator, "Tanpa versi", version),
            200,
        ),
        (reverse("report_settings", args=[kaligondang.pk]), settings_data(version), 400),
    ]
    for url, data, status in posts:
        if version is None:
            del data["version"]
        response = client.post(url, data)
        assert response.status_code == status
        assert "reload the page" in " ".join(response.context["form"].non_field_errors())
    node.refresh_from_db()
    indicator.refresh_from_db()
    kaligondang.refresh_from_db()
    assert (node.version, indicator.version, kaligondang.settings_version) == (0, 0, 0)
    assert "Tanpa versi" not in (node.name, indicator.name)
    assert kaligondang.signature_place == ""


def test_the_indonesian_message(client, alice, plan):
    node = first_node(plan)
    url = reverse("node_edit", args=[node.pk])
    login(client, alice)
    services.update_node(node=node, name="Nama baru", expected_version=0)
    response = client.post(url, node_data(node, "Nama lama", "0"))
    assert response.status_code == 409
    assert "Pengguna lain menyimpan" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# The services: of saves made with the same version, the first goes through, the others are
# refused and write nothing; a fresh one saves and bumps the version.


def test_node_saves_with_the_same_version(plan):
    node = first_node(plan)
    services.update_node(node=node, name="Pertama", expected_version=0)
    assert Node.objects.get(pk=node.pk).version == 1
    for name in ("Kedua", "Ketiga"):
        with pytest.raises(services.StaleEdit):
            services.update_node(node=Node.objects.get(pk=node.pk), name=name, expected_version=0)
    assert Node.objects.get(pk=node.pk).name == "Pertama"
    services.update_node(node=Node.objects.get(pk=node.pk), name="Keempat", expected_version=1)
    assert Node.objects.values_list("name", "version").get(pk=node.pk) == ("Keempat", 2)
    # A program (no form, no expected version) saves without a check, and still bumps it.
    services.update_node(node=Node.objects.get(pk=node.pk), name="Kelima")
    assert Node.objects.values_list("name", "version").get(pk=node.pk) == ("Kelima", 3)


def test_indicator_and_target_saves_with_the_same_version(plan, alice):
    indicator = first_indicator(plan)
    services.update_indicator(
        indicator=indicator, name="Pertama", targets={"TW1": 5}, expected_version=0, user=alice
    )
    with pytest.raises(services.StaleEdit):
        services.update_indicator(
            indicator=Indicator.objects.get(pk=indicator.pk),
            name="Kedua",
            targets={"TW1": 6},
            expected_version=0,
        )
    with pytest.raises(services.StaleEdit):
        services.set_targets(indicator=indicator, values={"TW1": 8}, expected_version=0)
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert (indicator.name, indicator.version, targets_of(indicator)["TW1"]) == ("Pertama", 1, 5)
    # Targets set by a program bump the version: a form opened before is stale.
    services.set_targets(indicator=indicator, values={"TW1": 8})
    assert Indicator.objects.get(pk=indicator.pk).version == 2
    with pytest.raises(services.StaleEdit):
        services.update_indicator(indicator=indicator, name="Ketiga", expected_version=1)
    # Setting the same values again changes nothing, and bumps nothing.
    services.set_targets(indicator=indicator, values={"TW1": 8})
    assert Indicator.objects.get(pk=indicator.pk).version == 2


def test_report_settings_saves_with_the_same_version(kaligondang):
    fields = settings_data(None)
    del fields["version"]
    report_services.update_report_settings(
        unit=kaligondang, **{**fields, "head_name": "A"}, expected_version=0
    )
    with pytest.raises(services.StaleEdit):
        report_services.update_report_settings(
            unit=Unit.objects.get(pk=kaligondang.pk), **{**fields, "head_name": "B"},
            expected_version=0,
        )  # fmt: skip
    assert Unit.objects.values_list("head_name", "settings_version").get(pk=kaligondang.pk) == (
        "A",
        1,
    )


# ---------------------------------------------------------------------------------------------
# At the same moment: threads, each with its own connection, all with the version 0

CONTENDERS = 4


def outcome(save, value):
    with translation.override("en"):
        try:
            save(value)
            return ("saved", value)
        except services.StaleEdit as exc:
            return ("stale", str(exc))


def one_saved(results) -> str:
    assert not [r for r in results if isinstance(r, Exception)], results
    kinds = sorted(r[0] for r in results)
    assert kinds == ["saved"] + ["stale"] * (CONTENDERS - 1), results
    assert all(STALE in r[1] for r in results if r[0] == "stale")
    return next(r[1] for r in results if r[0] == "saved")


@pytest.mark.usefixtures("own_connections")
def test_concurrent_node_saves_one_wins(plan):
    node = first_node(plan)

    def save(name):
        services.update_node(node=Node.objects.get(pk=node.pk), name=name, expected_version=0)

    names = [f"Nama {n}" for n in range(CONTENDERS)]
    winner = one_saved(race(*(partial(outcome, save, name) for name in names)))
    assert Node.objects.values_list("name", "version").get(pk=node.pk) == (winner, 1)


@pytest.mark.usefixtures("own_connections")
def test_concurrent_indicator_saves_one_wins(plan):
    indicator = first_indicator(plan)

    def save(value):
        services.update_indicator(
            indicator=Indicator.objects.select_related("node__plan").get(pk=indicator.pk),
            name=f"Indikator {value}",
            targets={"TW1": value},
            expected_version=0,
        )

    winner = one_saved(race(*(partial(outcome, save, v) for v in range(10, 10 + CONTENDERS))))
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert (indicator.name, indicator.version) == (f"Indikator {winner}", 1)
    assert targets_of(indicator)["TW1"] == winner


@pytest.mark.usefixtures("own_connections")
def test_concurrent_report_settings_saves_one_wins(kaligondang):
    fields = settings_data(None)
    del fields["version"]

    def save(name):
        report_services.update_report_settings(
            unit=Unit.objects.get(pk=kaligondang.pk),
            **{**fields, "head_name": name},
            expected_version=0,
        )

    winner = one_saved(race(*(partial(outcome, save, f"Kepala {n}") for n in range(CONTENDERS))))
    assert Unit.objects.values_list("head_name", "settings_version").get(pk=kaligondang.pk) == (
        winner,
        1,
    )
