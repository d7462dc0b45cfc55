"""Evidence (bukti dukung) over HTTP: what is refused is refused with a message and nothing stored;
what is stored is stored under a generated name, shown under a safe one, and served only to those
who may see the unit.
"""

from __future__ import annotations

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from renaksi.web.monitoring import services
from renaksi.web.monitoring.models import Evidence, History
from renaksi.web.plans.models import Indicator

from .conftest import login

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def realisation(plan, alice):
    indicator = (
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan").order_by("id").first()
    )
    return services.save_realisation(
        indicator=indicator, period="TW1", value=20, expected_version=None, user=alice
    )


def upload(client, realisation, name, content):
    return client.post(
        reverse("evidence_upload", args=[realisation.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


def page_text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def assert_nothing_stored(media):
    assert not Evidence.objects.exists()
    assert not History.objects.filter(kind=History.Kind.EVIDENCE).exists()
    assert stored_files(media) == []


def test_a_pdf_is_stored_and_served_back(client, alice, realisation, media):
    response = upload(login(client, alice), realisation, "laporan TW1.pdf", PDF)
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("laporan TW1.pdf", "application/pdf")
    assert "laporan TW1.pdf" in page_text(response)  # listed on the sheet
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


@override_settings(RENAKSI_MAX_EVIDENCE_BYTES=1024 * 1024)
def test_an_oversized_file_is_refused(client, alice, realisation, media):
    big = PDF + b"0" * (1024 * 1024)
    response = upload(login(client, alice), realisation, "scan besar.pdf", big)
    assert response.status_code == 200
    assert "'scan besar.pdf' lebih besar dari 1,0 MB" in page_text(response)
    assert_nothing_stored(media)


def test_an_executable_named_pdf_is_refused(client, alice, realisation, media):
    response = upload(login(client, alice), realisation, "laporan.pdf", EXE)
    text = page_text(response)
    assert "'laporan.pdf' bukan berkas bukti dukung yang diterima" in text
    assert_nothing_stored(media)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("foto.jpg", PDF, "'foto.jpg' tidak sesuai dengan namanya", id="pdf-as-jpg"),
        pytest.param(
            "laporan.html",
            b"<html><script>alert(1)</script></html>",
            "'laporan.html' bukan berkas bukti dukung",
            id="html",
        ),
        pytest.param("kosong.pdf", b"", "'kosong.pdf' bukan berkas bukti dukung", id="empty"),
    ],
)
def test_other_disguises_are_refused(client, alice, realisation, media, name, content, message):
    text = page_text(upload(login(client, alice), realisation, name, content))
    assert message in text
    assert_nothing_stored(media)


def test_a_path_traversal_name_is_stored_under_a_generated_name(
    client, alice, realisation, media, tmp_path
):
    response = upload(login(client, alice), realisation, "../../etc/passwd.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.pdf"
    assert evidence.file.name == f"evidence/{evidence.plan_id}/{evidence.id.hex}"
    assert stored_files(media) == [media / "evidence" / str(evidence.plan_id) / evidence.id.hex]
    assert not (tmp_path / "etc").exists() and not (media.parent / "etc").exists()
    text = page_text(response)
    assert "passwd.pdf" in text and "../" not in text and "etc/passwd" not in text
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert 'filename="passwd.pdf"' in download["Content-Disposition"]


def test_a_traversal_name_sent_raw_is_still_harmless(client, alice, realisation, media, tmp_path):
    """The multipart body written by hand, so the name reaches the server as the attacker wrote it."""
    boundary = "renaksi-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="..\\..\\..\\etc\\passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    login(client, alice)
    response = client.post(
        reverse("evidence_upload", args=[realisation.pk]),
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name
    assert evidence.original_name.endswith("passwd.pdf")
    assert stored_files(media) == [media / "evidence" / str(evidence.plan_id) / evidence.id.hex]
    assert not (tmp_path / "etc").exists()


def test_another_units_evidence_is_not_found(client, alice, bob, charlie, realisation, media):
    upload(login(client, alice), realisation, "laporan.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse("evidence_download", args=[evidence.pk])
    client.logout()
    assert login(client, bob).get(url).status_code == 404
    # Nor can bob attach anything to Kaligondang's realisasi.
    response = client.post(
        reverse("evidence_upload", args=[realisation.pk]),
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 404
    assert Evidence.objects.count() == 1
    # The inspectorate reads every unit's evidence, but adds none.
    client.logout()
    login(client, charlie)
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("evidence_upload", args=[realisation.pk]),
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 403
    assert Evidence.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, alice, realisation, media):
    evidence = services.add_evidence(
        realisation=realisation, upload=SimpleUploadedFile("laporan.pdf", PDF), user=alice
    )
    login_url = reverse("login")
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert download.status_code == 302 and download["Location"].startswith(login_url)
    posted = client.post(
        reverse("evidence_upload", args=[realisation.pk]),
        {"file": SimpleUploadedFile("y.pdf", PDF)},
    )
    assert posted.status_code == 302 and posted["Location"].startswith(login_url)
    assert Evidence.objects.count() == 1


def test_a_link_must_be_http(client, alice, realisation, media):
    login(client, alice)
    url = reverse("evidence_upload", args=[realisation.pk])
    response = client.post(url, {"link": "javascript:alert(1)"}, follow=True)
    assert "https://" in page_text(response)  # the message says what a link must start with
    assert_nothing_stored(media)
    client.post(url, {"link": "https://drive.example.go.id/bukti"})
    evidence = Evidence.objects.get()
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert (download.status_code, download["Location"]) == (
        302,
        "https://drive.example.go.id/bukti",
    )


def test_no_evidence_once_the_period_is_submitted(client, alice, plan, realisation, media):
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    text = page_text(upload(login(client, alice), realisation, "laporan.pdf", PDF))
    assert "sudah diajukan dan menunggu verifikasi" in text
    assert_nothing_stored(media)
