"""What a submitted or verified period protects: its indicators and the nodes above them cannot be
deleted or moved until the period is returned; a deletion keeps the history (naming what was
deleted), is itself recorded, and takes its evidence files out of the storage."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import History, Realisation
from renaksi.web.plans import services
from renaksi.web.plans.models import Indicator, Node

from .conftest import login

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def indicator(plan):
    return (
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan").order_by("id").first()
    )


@pytest.fixture
def realised(indicator, alice):
    realisation = monitoring.save_realisation(
        indicator=indicator, period="TW1", value=20, expected_version=None, user=alice
    )
    monitoring.add_evidence(
        realisation=realisation,
        upload=SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
        user=alice,
    )
    return indicator


@pytest.fixture
def submitted(plan, realised, alice):
    return monitoring.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)


@pytest.fixture
def verified(submitted, dave):
    return monitoring.verify_report(report=submitted, user=dave)


@pytest.mark.parametrize("state", ["submitted", "verified"])
def test_deleting_or_moving_what_a_locked_period_holds_is_refused(request, state, realised):
    request.getfixturevalue(state)
    node = realised.node
    kegiatan = node.parent
    for change in (
        lambda: services.delete_indicator(indicator=realised),
        lambda: services.move_indicator(indicator=realised, offset=1),
        lambda: services.delete_node(node=node),
        lambda: services.delete_node(node=kegiatan),  # the sub kegiatan is under it
        lambda: services.move_node(node=node, offset=-1),
    ):
        with (
            translation.override("en"),
            pytest.raises(services.ServiceError, match="TW1, which is submitted or verified"),
        ):
            change()
    assert Indicator.objects.filter(pk=realised.pk).exists()
    assert Realisation.objects.filter(indicator=realised).exists()


def test_the_page_says_why_and_nothing_is_deleted(client, alice, verified, realised):
    login(client, alice)
    response = client.post(reverse("indicator_delete", args=[realised.pk]), follow=True)
    assert "sudah dikirim atau diverifikasi" in response.content.decode()  # Bahasa Indonesia
    assert Indicator.objects.filter(pk=realised.pk).exists()


def test_once_returned_it_can_be_deleted_and_its_history_stays(
    submitted, realised, dave, alice, media, django_capture_on_commit_callbacks
):
    monitoring.return_report(report=submitted, user=dave, note="perbaiki")
    plan_id = realised.node.plan_id
    before = History.objects.filter(indicator=realised).count()
    files = [
        media / name for name in realised.realisations.values_list("evidence__file", flat=True)
    ]
    assert before and files and all(f.exists() for f in files)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_indicator(indicator=realised, user=alice)

    kept = History.objects.filter(plan_id=plan_id, subject=f"indikator {realised.name}").exclude(
        kind=History.Kind.STRUCTURE
    )
    assert kept.count() == before
    assert not kept.filter(indicator__isnull=False).exists()
    (deletion,) = History.objects.filter(kind=History.Kind.STRUCTURE)
    assert (deletion.field, deletion.old, deletion.user) == (
        "deleted",
        f"indikator {realised.name}",
        alice,
    )
    assert not any(f.exists() for f in files)


def test_a_node_deleted_keeps_the_history_of_its_indicators(
    realised, alice, media, django_capture_on_commit_callbacks
):
    node = Node.objects.get(pk=realised.node_id)
    plan_id = node.plan_id
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_node(node=node, user=alice)
    assert History.objects.filter(plan_id=plan_id, subject=f"indikator {realised.name}").exists()
    assert History.objects.filter(
        plan_id=plan_id, kind=History.Kind.STRUCTURE, old=f"subkegiatan {node.name}"
    ).exists()
    assert not list((media / "evidence").rglob("*")) or all(
        p.is_dir() for p in (media / "evidence").rglob("*")
    )
