"""Reminder e-mails: one message per unit still owing a period, in Bahasa Indonesia, really sent.

The kabupaten of these tests, for TW I 2022 (due 10 April 2022, judged on 20 April):

- Kecamatan Kaligondang: the sample plan, two realisasi entered, not submitted → late; alice
  (operator) and dave (head) have addresses;
- Kecamatan Bukateja: its plan submitted by bob and verified by erin → no reminder;
- Kecamatan Kutasari: its plan submitted, returned with a note → reminder with the note;
- Kecamatan Mrebet: no plan, and nobody with an address → a digest without recipients.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import socket
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

from renaksi.cli import main
from renaksi.web.accounts.models import Profile, Role, Unit
from renaksi.web.monitoring import reminders, services
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.models import Indicator

DUE = dt.date(2022, 4, 10)
TODAY = dt.date(2022, 4, 20)


@pytest.fixture
def site(plan, other_plan, kabupaten, kaligondang, bukateja, cast, sample_document, settings):
    settings.RENAKSI_SITE_URL = "https://renaksi.example.go.id"
    for name in ("alice", "dave", "bob", "charlie", "erin"):
        user = cast[name]
        user.email = f"{name}@example.go.id"
        user.save()
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=DUE)

    indicators = list(
        Indicator.objects.filter(node__plan=plan).order_by("node__position", "position", "id")
    )
    for indicator in indicators[-2:]:
        services.save_realisation(
            indicator=indicator, period="TW1", value=10, expected_version=None, user=cast["alice"]
        )

    report = services.submit_report(plan=other_plan, period="TW1", user=cast["bob"], confirmed=True)
    services.verify_report(report=report, user=cast["erin"])

    kutasari = Unit.objects.create(
        name="Kecamatan Kutasari", kind=Unit.Kind.KECAMATAN, parent=kabupaten
    )
    fajar = get_user_model().objects.create_user(
        username="fajar", email="fajar@example.go.id", first_name="Fajar", last_name="Nugroho"
    )
    Profile.objects.create(user=fajar, role=Role.OPERATOR, unit=kutasari)
    kutasari_plan = plan_services.import_plan(
        unit=kutasari, year=2022, version="murni", document=sample_document, user=fajar
    )
    report = services.submit_report(plan=kutasari_plan, period="TW1", user=fajar, confirmed=True)
    services.return_report(report=report, user=cast["erin"], note="Lengkapi bukti dukung")

    mrebet = Unit.objects.create(
        name="Kecamatan Mrebet", kind=Unit.Kind.KECAMATAN, parent=kabupaten
    )
    nobody = get_user_model().objects.create_user(username="gita")  # no e-mail address
    Profile.objects.create(user=nobody, role=Role.OPERATOR, unit=mrebet)
    return {"kutasari": kutasari, "kutasari_plan": kutasari_plan, "mrebet": mrebet}


def digests_by_unit(kabupaten, today=TODAY):
    found = reminders.build_digests(kabupaten=kabupaten, year=2022, period="TW1", today=today)
    by_unit = {d.unit.name: d for d in found}
    assert len(by_unit) == len(found), "one digest per unit"
    return by_unit


def test_one_digest_per_unit_that_owes_the_period(site, kabupaten):
    digests = digests_by_unit(kabupaten)
    assert sorted(digests) == ["Kecamatan Kaligondang", "Kecamatan Kutasari", "Kecamatan Mrebet"]
    assert "Kecamatan Bukateja" not in digests  # submitted and verified: nothing to remind
    kaligondang = digests["Kecamatan Kaligondang"]
    assert kaligondang.recipients == ["alice@example.go.id", "dave@example.go.id"]
    assert (kaligondang.state, kaligondang.late) == ("draft", True)
    assert (kaligondang.indicators, kaligondang.missing) == (51, 49)
    assert digests["Kecamatan Kutasari"].recipients == ["Fajar Nugroho <fajar@example.go.id>"]
    assert digests["Kecamatan Kutasari"].state == "returned"
    mrebet = digests["Kecamatan Mrebet"]
    assert (mrebet.state, mrebet.plan, mrebet.recipients) == ("no-plan", None, [])


def test_a_submitted_unit_gets_nothing_and_before_the_due_date_it_is_a_reminder(
    site, kabupaten, plan, alice
):
    before = digests_by_unit(kabupaten, today=DUE)
    assert not before["Kecamatan Kaligondang"].late
    assert before["Kecamatan Kaligondang"].subject == (
        "[Renaksi] Pengingat: Kecamatan Kaligondang belum mengirim laporan TW I 2022"
    )
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    assert "Kecamatan Kaligondang" not in digests_by_unit(kabupaten)


def test_the_message_says_everything_in_indonesian(site, kabupaten, plan):
    digest = digests_by_unit(kabupaten)["Kecamatan Kaligondang"]
    assert digest.subject == (
        "[Renaksi] Terlambat: Kecamatan Kaligondang belum mengirim laporan TW I 2022"
    )
    body = digest.body
    first = Indicator.objects.filter(node__plan=plan).order_by("node__position", "id").first()
    for expected in (
        "Yth. operator dan kepala Kecamatan Kaligondang,",
        "Laporan pemantauan Rencana Aksi berikut belum dikirim untuk diverifikasi.",
        "Rencana Aksi: Kecamatan Kaligondang 2022",
        "Periode: TW I 2022",
        "Batas waktu: 10 April 2022 (terlambat 10 hari)",
        "Status: Draf",
        "49 dari 51 indikator belum diisi realisasinya:",
        f"  - {first.name}",
        "… dan 44 lainnya",
        f"Isi dan kirim di sini: https://renaksi.example.go.id/plans/{plan.pk}/monitoring/TW1/",
        "Pesan ini dikirim otomatis oleh Renaksi.",
    ):
        assert expected in body, expected
    assert body.count("  - ") == reminders.NAMES_SHOWN
    for english in ("indicator", "Due date", "Period:", "State:", "submit"):
        assert english not in body, english


def test_the_returned_unit_is_told_the_reviewers_note(site, kabupaten):
    digest = digests_by_unit(kabupaten)["Kecamatan Kutasari"]
    assert digest.subject == (
        "[Renaksi] Terlambat: Kecamatan Kutasari belum mengirim laporan TW I 2022"
    )
    assert "Status: Dikembalikan" in digest.body
    assert "Catatan pemeriksa: Lengkapi bukti dukung" in digest.body
    assert "dikembalikan oleh pemeriksa" in digest.body
    before = digests_by_unit(kabupaten, today=DUE)["Kecamatan Kutasari"]
    assert before.subject.startswith("[Renaksi] Dikembalikan: Kecamatan Kutasari")


def test_a_unit_without_a_plan_is_pointed_to_its_page(site, kabupaten):
    digest = digests_by_unit(kabupaten)["Kecamatan Mrebet"]
    assert "Rencana Aksi tahun 2022 unit ini belum dimasukkan" in digest.body
    assert f"https://renaksi.example.go.id/units/{site['mrebet'].pk}/" in digest.body
    assert "Batas waktu: 10 April 2022 (terlambat 10 hari)" in digest.body


def test_send_digests_sends_one_message_per_unit_with_addresses(
    site, kabupaten, mailoutbox, settings
):
    digests = reminders.build_digests(kabupaten=kabupaten, year=2022, period="TW1", today=TODAY)
    assert reminders.send_digests(digests) == 2
    assert sorted(m.to for m in mailoutbox) == [
        ["Fajar Nugroho <fajar@example.go.id>"],
        ["alice@example.go.id", "dave@example.go.id"],
    ]
    assert {m.from_email for m in mailoutbox} == {settings.DEFAULT_FROM_EMAIL}


def test_no_deadline_yet(kabupaten, plan, alice):
    alice.email = "alice@example.go.id"
    alice.save()
    digest = reminders.build_digests(kabupaten=kabupaten, year=2022, period="TW1", today=TODAY)[0]
    assert not digest.late and digest.due is None
    assert "Batas waktu: belum ditetapkan" in digest.body


# ---------------------------------------------------------------------------------------------
# Really sent: a local SMTP server (aiosmtpd) and `renaksi remind` run in-process.


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            {
                "peer": session.peer,
                "from": envelope.mail_from,
                "to": sorted(envelope.rcpt_tos),
                "message": email.message_from_bytes(envelope.content, policy=email.policy.default),
            }
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    controller_module = pytest.importorskip("aiosmtpd.controller")
    inbox = Inbox()
    port = free_port()
    controller = controller_module.Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "Renaksi Purbalingga <renaksi@purbalinggakab.example.go.id>"
    yield inbox
    controller.stop()


def test_remind_sends_one_message_per_late_unit_over_smtp(site, kabupaten, smtp_server, capsys):
    code = main(
        [
            "remind",
            "--year",
            "2022",
            "--period",
            "TW1",
            "--kabupaten",
            str(kabupaten.pk),
            "--today",
            "2022-04-20",
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    received = sorted(smtp_server.messages, key=lambda m: m["to"])
    assert [m["to"] for m in received] == [
        ["alice@example.go.id", "dave@example.go.id"],
        ["fajar@example.go.id"],
    ]
    assert [m["message"]["Subject"] for m in received] == [
        "[Renaksi] Terlambat: Kecamatan Kaligondang belum mengirim laporan TW I 2022",
        "[Renaksi] Terlambat: Kecamatan Kutasari belum mengirim laporan TW I 2022",
    ]
    assert all(m["from"] == "renaksi@purbalinggakab.example.go.id" for m in received)
    assert len({m["peer"] for m in received}) == 1  # one connection for all
    body = received[0]["message"].get_content()
    assert "49 dari 51 indikator belum diisi realisasinya:" in body
    assert "https://renaksi.example.go.id/plans/" in body

    lines = dict(line.split(": ", 1) for line in out.splitlines())
    assert list(lines) == [
        "Kecamatan Bukateja",
        "Kecamatan Kaligondang",
        "Kecamatan Kutasari",
        "Kecamatan Mrebet",
    ]
    assert lines["Kecamatan Bukateja"] == "not due (verified)"
    assert lines["Kecamatan Kaligondang"].startswith(
        "sent to alice@example.go.id, dave@example.go.id (TW I 2022 draft, late, 49 of 51"
    )
    assert lines["Kecamatan Kutasari"].startswith("sent to Fajar Nugroho <fajar@example.go.id>")
    assert lines["Kecamatan Mrebet"].startswith("no address (TW I 2022 no-plan, late)")


def test_remind_dry_run_sends_nothing(site, kabupaten, smtp_server, capsys):
    assert main(["remind", "--year", "2022", "--period", "TW I", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Kecamatan Kaligondang: would be sent to alice@example.go.id" in out
    assert smtp_server.messages == []


def test_remind_when_the_server_is_unreachable_exits_2_with_one_line(site, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    assert main(["remind", "--year", "2022", "--period", "TW1", "--today", "2022-04-20"]) == 2
    out, err = capsys.readouterr()
    assert err.startswith("renaksi: error: cannot send e-mail: ") and err.count("\n") == 1
    assert out == ""


def test_remind_unknown_kabupaten_exits_2_with_one_line(kabupaten, capsys):
    assert main(["remind", "--year", "2022", "--period", "TW1", "--kabupaten", "999999"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("renaksi: error: no kabupaten with id 999999") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "TW9"], "not a period: 'TW9'"),
        (["--period", "TW1", "--today", "20-04-2022"], "not a date (YYYY-MM-DD): '20-04-2022'"),
        (["--period", "TW1", "--year", "22"], "year 22 is out of range"),
    ],
)
def test_remind_bad_arguments_exit_2(capsys, args, message):
    argv = ["remind", "--year", "2022", *args]
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_the_smtp_settings_come_from_the_environment():
    """RENAKSI_SMTP_* choose Django's SMTP backend; without a host, e-mail is printed."""
    code = (
        "import renaksi.web.settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
        "s.DEFAULT_FROM_EMAIL, s.RENAKSI_SITE_URL, sep='|')"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("RENAKSI_")}
    configured = {
        **base,
        "RENAKSI_SMTP_HOST": "smtp.example.go.id",
        "RENAKSI_SMTP_PORT": "587",
        "RENAKSI_SMTP_USER": "renaksi",
        "RENAKSI_SMTP_PASSWORD": "secret",
        "RENAKSI_SMTP_TLS": "true",
        "RENAKSI_EMAIL_FROM": "Renaksi <renaksi@example.go.id>",
        "RENAKSI_SITE_URL": "https://renaksi.example.go.id/",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=configured, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out.split("|") == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.go.id",
        "587",
        "renaksi",
        "True",
        "Renaksi <renaksi@example.go.id>",
        "https://renaksi.example.go.id",
    ]
    out = subprocess.run(
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out.split("|")[:3] == ["django.core.mail.backends.console.EmailBackend", "", "25"]
    assert out.split("|")[-1] == "http://127.0.0.1:8000"
