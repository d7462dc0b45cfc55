"""The Django admin: units, people with their role, and a read-mostly list of plans."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from .conftest import login


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "x-long-pass-123")


def test_superuser_finds_units_people_and_plans(client, root, alice, plan):
    login(client, root)
    html = client.get(reverse("admin:accounts_unit_changelist")).content.decode()
    assert "Kecamatan Kaligondang" in html
    html = client.get(reverse("admin:auth_user_change", args=[alice.pk])).content.decode()
    assert 'name="profile-0-role"' in html  # the role inline
    html = client.get(reverse("admin:plans_plan_changelist") + "?year=2022").content.decode()
    assert reverse("plan_detail", args=[plan.pk]) in html
    assert client.get(reverse("admin:plans_plan_add")).status_code == 403
    html = client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    # Read-only: even the status (an adoption needs its decree: the plan page's form).
    assert 'name="status"' not in html and 'name="year"' not in html
    assert "Draft (not adopted)" in html or "Draf (belum ditetapkan)" in html


def test_people_without_staff_status_are_kept_out(client, alice, erin):
    for person in (alice, erin):
        login(client, person)
        response = client.get(reverse("admin:plans_plan_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_superuser_finds_and_mends_layout_templates(client, root, alice, kaligondang, bukateja):
    from renaksi.web.plans.models import LayoutTemplate

    template = LayoutTemplate.objects.create(
        kabupaten=kaligondang.parent,
        unit=kaligondang,
        fingerprint="964f30ef692d7ea4",
        header_text="NO TINGKAT URAIAN UKURAN",
        mapping={"tables": [{"fingerprint": "964f30ef692d7ea4", "columns": {"3": "indicator"}}]},
        source_name="rencana-aksi-2021.txt",
        created_by=alice,
    )
    login(client, root)
    html = client.get(reverse("admin:plans_layouttemplate_changelist")).content.decode()
    assert "964f30ef692d7ea4" in html and "rencana-aksi-2021.txt" in html and "alice" in html
    url = reverse("admin:plans_layouttemplate_change", args=[template.pk])
    data = {
        "kabupaten": kaligondang.parent.pk,
        "unit": kaligondang.pk,
        "fingerprint": template.fingerprint,
        "header_text": template.header_text,
        "source_name": template.source_name,
        "mapping": '{"tables": [{"fingerprint": "x", "columns": {"3": "ukuran"}}]}',
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "unknown role" in response.content.decode()
    data["unit"] = ""
    data["mapping"] = '{"tables": [{"fingerprint": "x", "columns": {"3": "indicator"}}]}'
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.unit is None and template.created_by == alice  # the audit stays
    # A kabupaten-wide one made here is the administrator's.
    data["fingerprint"] = "other"
    assert client.post(reverse("admin:plans_layouttemplate_add"), data).status_code == 302
    assert LayoutTemplate.objects.get(fingerprint="other").created_by == root
