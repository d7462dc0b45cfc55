"""The audit log (docs/security.md, "Audit log"): every service write appears in it, unchanged
values record nothing, logins and failed logins are recorded, nobody deletes an entry through the
application, and the export is for the inspectorate and the kabupaten's office only."""

from __future__ import annotations

import datetime as dt
import inspect
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renaksi.web import audit
from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import History, Report
from renaksi.web.plans import services as plans
from renaksi.web.plans.models import ImportSession, Indicator, Node
from renaksi.web.reportjobs import services as reportjobs

from .conftest import PASSWORD, SAMPLE, login

MODULES = (plans, monitoring, reportjobs)

# Public functions of the services modules that write nothing (or only the site's own work, on a
# request already recorded): each with why it is not in the table of writes below.
NOT_WRITES = {
    "renaksi.web.plans.services.checked_text": "checks a text",
    "renaksi.web.plans.services.checked_value": "checks a value",
    "renaksi.web.plans.services.to_decimal": "converts a value",
    "renaksi.web.plans.services.reading_deadline": "says when a reading is given up",
    "renaksi.web.plans.services.claim_version": (
        "a step of the edit services: claims the version the form was opened with, inside their "
        "transaction; the service records the change"
    ),
    "renaksi.web.plans.services.adoption_text": "names an adoption",
    "renaksi.web.plans.services.adopted_message": "says why an adopted plan is not changed",
    "renaksi.web.monitoring.services.safe_name": "cleans a file name",
    "renaksi.web.monitoring.services.sniff": "reads a file's type",
    "renaksi.web.monitoring.services.stage_realisation_upload": (
        "keeps what an uploaded workbook would change, for its preview: nothing of the plan "
        "changes (apply_realisation_upload records each change when it is confirmed)"
    ),
    "renaksi.web.monitoring.services.upload_changes": "reads an upload's changes",
    "renaksi.web.reportjobs.services.report_kinds": "lists reports",
    "renaksi.web.reportjobs.services.available_reports": "lists reports",
    "renaksi.web.reportjobs.services.report_label": "names a report",
    "renaksi.web.reportjobs.services.available_formats": "lists formats",
    "renaksi.web.reportjobs.services.signature_of": "reads settings",
    "renaksi.web.reportjobs.services.file_name": "names a file",
    "renaksi.web.reportjobs.services.plan_state": "names a plan's state",
    "renaksi.web.reportjobs.services.monitoring_of": "reads monitoring",
    "renaksi.web.reportjobs.services.render_plan_report": "renders a download",
    "renaksi.web.reportjobs.services.current_plans": "reads plans",
    "renaksi.web.reportjobs.services.summary_report": "builds a report in memory",
    "renaksi.web.reportjobs.services.build_kabupaten_workbook": "builds a workbook in memory",
    "renaksi.web.reportjobs.services.settings_key": "computes a key",
    "renaksi.web.reportjobs.services.start_in_background": "hands a recorded request to the pool",
    "renaksi.web.reportjobs.services.shutdown_pool": "stops threads",
    # The site's own work, no person's change: the request is recorded (request_workbook).
    "renaksi.web.reportjobs.services.run_job": "builds a requested workbook",
    "renaksi.web.reportjobs.services.run_pending": "builds requested workbooks",
    "renaksi.web.reportjobs.services.clean_old_files": "removes expired workbook files",
}


def public_functions() -> set[str]:
    return {
        f"{module.__name__}.{name}"
        for module in MODULES
        for name, member in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and member.__module__ == module.__name__
    }


@pytest.fixture(autouse=True)
def read_in_process(settings):
    settings.RENAKSI_READ_ISOLATED = False


@pytest.fixture
def world(cast, plan, kabupaten, kaligondang, tmp_path):
    """What the writes need: the plan, a sub kegiatan with two indicators, the people."""
    node = Node.objects.filter(plan=plan, level="subkegiatan").order_by("id").first()
    indicator = node.indicators.order_by("position").first()
    if node.indicators.count() < 2:
        plans.create_indicator(node=node, name="Indikator kedua", user=cast["alice"])
    return {
        **cast,
        "plan": plan,
        "node": node,
        "indicator": indicator,
        "kabupaten": kabupaten,
        "unit": kaligondang,
        "tmp_path": tmp_path,
    }


def _staged(w) -> ImportSession:
    upload = SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())
    return plans.stage_import(
        unit=w["unit"], year=2023, version="murni", upload=upload, user=w["alice"], max_bytes=10**7
    )


def _reading(w) -> ImportSession:
    """An upload waiting for the worker (as stage_import leaves it when a worker reads)."""
    from django.core.files.base import ContentFile

    session = ImportSession(
        unit=w["unit"],
        year=2023,
        version="murni",
        source_name=SAMPLE.name,
        status=ImportSession.Status.READING,
        created_by=w["alice"],
    )
    session.file.save("upload.bin", ContentFile(SAMPLE.read_bytes()), save=False)
    session.save()
    return session


def _correction(session):
    from renaksi.importers import Reading
    from renaksi.web.plans.corrections import Correction

    line = max(Reading.from_dict(session.reading).levels)
    return Correction(rows=[line], excluded={line})


def _submitted(w) -> Report:
    return monitoring.submit_report(plan=w["plan"], period="TW1", user=w["alice"], confirmed=True)


def _verified(w) -> Report:
    return monitoring.verify_report(report=_submitted(w), user=w["dave"])


def _realisation(w):
    return monitoring.save_realisation(
        indicator=w["indicator"], period="TW1", value=5, expected_version=None, user=w["alice"]
    )


def _evidence(w):
    return monitoring.add_evidence(
        realisation=_realisation(w), link="https://drive.example.go.id/bukti", user=w["alice"]
    )


def _workbook_upload(w):
    """A workbook of TW I with one realisasi typed in, uploaded and waiting for its confirmation."""
    from openpyxl import load_workbook

    from renaksi.web.monitoring import workbook
    from renaksi.web.monitoring.workbook_views import sheet_workbook

    book = load_workbook(io.BytesIO(sheet_workbook(w["plan"], "TW1")))
    sheet = book[workbook.REALISATION_SHEET]
    row = next(
        r for r in sheet.iter_rows() if str(r[0].value).startswith(f"i:{w['indicator'].pk}:")
    )
    row[7].value = 5  # the realisasi column
    out = io.BytesIO()
    book.save(out)
    path = w["tmp_path"] / "realisasi.xlsx"
    path.write_bytes(out.getvalue())
    read = workbook.read_workbook(path, plan=w["plan"], period="TW1")
    return monitoring.stage_realisation_upload(
        plan=w["plan"], period="TW1", read=read, user=w["alice"]
    )


def _deadline(w):
    return monitoring.set_deadline(
        kabupaten=w["kabupaten"], year=2022, period="TW2", due=dt.date(2022, 7, 10), user=w["erin"]
    )


def _sibling(w) -> Node:
    return Node.objects.filter(plan=w["plan"], parent__isnull=True).order_by("position").first()


# Every write: (prepare, call) → the kind recorded. ``prepare`` runs before the entries are
# counted (what the call needs, itself recorded), ``call`` is the write under test.
WRITES = {
    "renaksi.web.plans.services.import_plan": (
        None,
        lambda w, _: plans.import_plan(
            unit=w["unit"],
            year=2022,
            version="perubahan",
            document=plans.core.Plan.from_dict(w["plan_json"]),
            user=w["alice"],
        ),
        History.Kind.IMPORT,
    ),
    "renaksi.web.plans.services.stage_import": (None, lambda w, _: _staged(w), History.Kind.IMPORT),
    "renaksi.web.plans.services.read_import": (
        _reading,
        lambda w, s: plans.read_import(str(s.pk)),
        History.Kind.IMPORT,
    ),
    "renaksi.web.plans.services.expire_reading": (
        _reading,
        lambda w, s: plans.expire_reading(s, now=timezone.now() + dt.timedelta(days=1)),
        History.Kind.IMPORT,
    ),
    "renaksi.web.plans.services.correct_import": (
        _staged,
        lambda w, s: plans.correct_import(
            session=s, expected_edits=s.edits, correction=_correction(s), user=w["alice"]
        ),
        History.Kind.IMPORT,
    ),
    "renaksi.web.plans.services.reset_import_reading": (
        _staged,
        lambda w, s: plans.reset_import_reading(session=s, expected_edits=s.edits, user=w["alice"]),
        History.Kind.IMPORT,
    ),
    "renaksi.web.plans.services.confirm_import": (
        _staged,
        lambda w, s: plans.confirm_import(session=s, user=w["alice"], mismatch_confirmed=True),
        History.Kind.IMPORT,
    ),
    "renaksi.web.plans.services.cancel_import": (
        _staged,
        lambda w, s: plans.cancel_import(session=s, user=w["alice"]),
        History.Kind.IMPORT,
    ),
    "renaksi.web.plans.services.create_node": (
        None,
        lambda w, _: plans.create_node(
            plan=w["plan"], parent=None, level="sasaran", name="Sasaran baru", user=w["alice"]
        ),
        History.Kind.STRUCTURE,
    ),
    "renaksi.web.plans.services.update_node": (
        None,
        lambda w, _: plans.update_node(
            node=w["node"],
            name=w["node"].name + " (diubah)",
            code=w["node"].code,
            number=w["node"].number,
            budget=w["node"].budget,
            user=w["alice"],
        ),
        History.Kind.STRUCTURE,
    ),
    "renaksi.web.plans.services.delete_node": (
        None,
        lambda w, _: plans.delete_node(node=w["node"], user=w["alice"]),
        History.Kind.STRUCTURE,
    ),
    "renaksi.web.plans.services.move_node": (
        None,
        lambda w, _: plans.move_node(node=_sibling(w), offset=1, user=w["alice"]),
        History.Kind.STRUCTURE,
    ),
    "renaksi.web.plans.services.create_indicator": (
        None,
        lambda w, _: plans.create_indicator(node=w["node"], name="Indikator", user=w["alice"]),
        History.Kind.STRUCTURE,
    ),
    "renaksi.web.plans.services.update_indicator": (
        None,
        lambda w, _: plans.update_indicator(
            indicator=w["indicator"],
            name=w["indicator"].name,
            objective=w["indicator"].objective,
            unit=w["indicator"].unit,
            weight=Decimal("2"),
            user=w["alice"],
        ),
        History.Kind.SETTING,
    ),
    "renaksi.web.plans.services.delete_indicator": (
        None,
        lambda w, _: plans.delete_indicator(indicator=w["indicator"], user=w["alice"]),
        History.Kind.STRUCTURE,
    ),
    "renaksi.web.plans.services.move_indicator": (
        None,
        lambda w, _: plans.move_indicator(indicator=w["indicator"], offset=1, user=w["alice"]),
        History.Kind.STRUCTURE,
    ),
    "renaksi.web.plans.services.set_targets": (
        None,
        lambda w, _: plans.set_targets(
            indicator=w["indicator"], values={"TW1": 97}, user=w["alice"], reason="revisi"
        ),
        History.Kind.TARGET,
    ),
    "renaksi.web.plans.services.adopt_plan": (
        None,
        lambda w, _: plans.adopt_plan(
            plan=w["plan"],
            adopted_on=dt.date(2022, 1, 3),
            decree_number="050/12/2022",
            expected_edits=None,
            user=w["dave"],
        ),
        History.Kind.ADOPTION,
    ),
    "renaksi.web.monitoring.services.save_realisation": (
        None,
        lambda w, _: _realisation(w),
        History.Kind.REALISATION,
    ),
    "renaksi.web.monitoring.services.save_budget_spent": (
        None,
        lambda w, _: monitoring.save_budget_spent(
            node=w["node"],
            period="TW1",
            amount=Decimal(1000),
            expected_version=None,
            user=w["alice"],
        ),
        History.Kind.BUDGET,
    ),
    "renaksi.web.monitoring.services.save_realisations": (
        None,
        lambda w, _: monitoring.save_realisations(
            plan=w["plan"],
            period="TW1",
            rows=[monitoring.RealisationChange(w["indicator"].pk, None, {"value": 5})],
            spent=[monitoring.SpentChange(w["node"].pk, None, Decimal(1000))],
            user=w["alice"],
        ),
        History.Kind.REALISATION,
    ),
    "renaksi.web.monitoring.services.apply_realisation_upload": (
        lambda w: _workbook_upload(w),
        lambda w, upload: monitoring.apply_realisation_upload(upload=upload, user=w["alice"]),
        History.Kind.REALISATION,
    ),
    "renaksi.web.monitoring.services.add_evidence": (
        _realisation,
        lambda w, r: monitoring.add_evidence(
            realisation=r, link="https://drive.example.go.id/bukti", user=w["alice"]
        ),
        History.Kind.EVIDENCE,
    ),
    "renaksi.web.monitoring.services.save_realisation_with_evidence": (
        None,
        lambda w, _: monitoring.save_realisation_with_evidence(
            indicator=w["indicator"],
            period="TW1",
            value=5,
            expected_version=None,
            user=w["alice"],
            link="https://drive.example.go.id/bukti",
        ),
        History.Kind.EVIDENCE,
    ),
    "renaksi.web.monitoring.services.delete_evidence": (
        _evidence,
        lambda w, e: monitoring.delete_evidence(evidence=e, user=w["alice"]),
        History.Kind.EVIDENCE,
    ),
    "renaksi.web.monitoring.services.submit_report": (
        None,
        lambda w, _: _submitted(w),
        History.Kind.STATE,
    ),
    "renaksi.web.monitoring.services.return_report": (
        _submitted,
        lambda w, r: monitoring.return_report(report=r, user=w["dave"], note="perbaiki"),
        History.Kind.STATE,
    ),
    "renaksi.web.monitoring.services.verify_report": (
        _submitted,
        lambda w, r: monitoring.verify_report(report=r, user=w["dave"]),
        History.Kind.STATE,
    ),
    "renaksi.web.monitoring.services.unlock_report": (
        _verified,
        lambda w, r: monitoring.unlock_report(report=r, user=w["erin"], reason="salah ketik"),
        History.Kind.STATE,
    ),
    "renaksi.web.monitoring.services.set_deadline": (
        None,
        lambda w, _: _deadline(w),
        History.Kind.DEADLINE,
    ),
    "renaksi.web.monitoring.services.delete_deadline": (
        _deadline,
        lambda w, d: monitoring.delete_deadline(deadline=d, user=w["erin"]),
        History.Kind.DEADLINE,
    ),
    "renaksi.web.reportjobs.services.update_report_settings": (
        None,
        lambda w, _: reportjobs.update_report_settings(
            unit=w["unit"],
            signature_place="Kaligondang",
            head_position="Camat",
            head_name="Budi",
            head_nip="198001012000031001",
            paper="F4",
            user=w["dave"],
        ),
        History.Kind.REPORTS,
    ),
    "renaksi.web.reportjobs.services.request_workbook": (
        None,
        lambda w, _: reportjobs.request_workbook(
            kabupaten=w["kabupaten"], year=2022, user=w["erin"]
        ),
        History.Kind.REPORTS,
    ),
}


def test_every_public_service_function_is_in_the_table():
    """A new public service function must be added to WRITES (with its case) or NOT_WRITES."""
    missing = public_functions() - set(WRITES) - set(NOT_WRITES)
    assert not missing, f"not in the audit table: {sorted(missing)}"
    gone = (set(WRITES) | set(NOT_WRITES)) - public_functions()
    assert not gone, f"no such service function any more: {sorted(gone)}"


@pytest.mark.parametrize("name", sorted(WRITES), ids=lambda n: n.rsplit(".", 1)[-1])
def test_every_service_write_is_in_the_audit_log(world, name, sample_document):
    prepare, call, kind = WRITES[name]
    world["plan_json"] = sample_document.to_dict()
    prepared = prepare(world) if prepare else None
    before = History.objects.count()
    latest = History.objects.order_by("-id").values_list("id", flat=True).first() or 0
    call(world, prepared)
    new = list(History.objects.filter(id__gt=latest).select_related("user"))
    assert History.objects.count() > before, name
    assert any(e.kind == kind for e in new), [(e.kind, e.field) for e in new]
    for entry in new:
        assert entry.user is not None, (name, entry.kind, entry.field)
        assert entry.unit_id in (world["unit"].pk, world["kabupaten"].pk), (name, entry.field)
        assert entry.field


def test_unchanged_values_record_nothing(world):
    indicator, alice = world["indicator"], world["alice"]
    Indicator.objects.filter(pk=indicator.pk).update(weight=Decimal("1.000"))
    indicator.refresh_from_db()
    before = History.objects.count()
    plans.update_indicator(
        indicator=indicator,
        name=indicator.name,
        objective=indicator.objective,
        unit=indicator.unit,
        weight=1,
        user=alice,
    )
    node = world["node"]
    plans.update_node(
        node=node,
        name=node.name,
        code=node.code,
        number=node.number,
        budget=None if node.budget is None else Decimal(f"{node.budget}.00"),
        user=alice,
    )
    plans.set_targets(indicator=indicator, values={}, user=alice)
    unit = world["unit"]
    settings = {name: getattr(unit, name) for name in reportjobs.SETTINGS_FIELDS}
    reportjobs.update_report_settings(unit=unit, user=alice, **settings)
    assert History.objects.count() == before


def test_values_are_compared_as_shown():
    assert audit.shown(Decimal("1.000")) == audit.shown(1) == "1"
    assert audit.shown(Decimal("0.50")) == "0.5"
    assert audit.shown(None) == ""
    assert audit.shown("007") != audit.shown("7")  # a text is never read as a number
    assert audit.entry(user=None, kind="setting", field="weight", old=Decimal("1.0"), new=1) is None


def test_logins_failed_logins_and_logouts_are_recorded(client, alice):
    # Longer than the log keeps; not longer than django-axes' own column (255: on PostgreSQL a
    # longer name fails in axes, before the log, a known problem outside the log).
    long_name = "x" * 200
    client.post(reverse("login"), {"username": "alice", "password": "wrong-password"})
    client.post(reverse("login"), {"username": long_name, "password": "s3cret-typed"})
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    client.post(reverse("logout"))
    entries = list(
        History.objects.order_by("id").values_list("kind", "user_id", "subject", "unit_id")
    )
    assert entries == [
        ("login_failed", alice.pk, "alice", alice.profile.unit_id),
        ("login_failed", None, "x" * audit.USERNAME_LIMIT, None),
        ("login", alice.pk, "alice", alice.profile.unit_id),
        ("logout", alice.pk, "alice", alice.profile.unit_id),
    ]
    text = " ".join(
        " ".join(row) for row in History.objects.values_list("subject", "old", "new", "reason")
    )
    assert "wrong-password" not in text and "s3cret-typed" not in text


def test_a_password_change_is_recorded_without_the_password(client, alice):
    login(client, alice)
    new = "another-long-password-456"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    entry = History.objects.get(kind=History.Kind.ACCOUNT)
    assert (entry.user, entry.field, entry.new) == (alice, "password", "changed")
    assert new not in f"{entry.old}{entry.new}{entry.subject}{entry.reason}"


def test_entries_cannot_be_deleted(world, client, django_user_model):
    plans.create_node(
        plan=world["plan"], parent=None, level="sasaran", name="X", user=world["alice"]
    )
    entry = History.objects.latest("id")
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        History.objects.all().delete()
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x-long-pass-1")
    login(client, root)
    assert client.get(reverse("admin:monitoring_history_changelist")).status_code == 200
    change = reverse("admin:monitoring_history_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {"field": "x"}).status_code == 403
    delete = reverse("admin:monitoring_history_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:monitoring_history_add")).status_code == 403
    assert History.objects.filter(pk=entry.pk).exists()


def test_entries_outlive_the_plan_node_and_unit(world):
    plan, node, unit = world["plan"], world["node"], world["unit"]
    plans.update_node(node=node, name="Nama baru", user=world["alice"])
    count = History.objects.count()
    plan.delete()
    assert History.objects.count() == count
    renamed = History.objects.get(field="name")
    assert renamed.node_id is None and renamed.subject.endswith("Nama baru")
    assert History.objects.filter(kind="import", plan__isnull=True).exists()
    from renaksi.web.accounts.models import Profile

    Profile.objects.filter(unit=unit).delete()  # a unit with people cannot be deleted
    unit.delete()
    assert History.objects.count() >= count
    assert set(History.objects.filter(unit__isnull=True).values_list("unit_name", flat=True)) >= {
        unit.name
    }


# -- The export ------------------------------------------------------------------------------


def test_refused_people_do_not_read_the_audit_log(client, cast, anonymous=None):
    url = reverse("audit_log")
    assert client.get(url).status_code == 302  # to the login page
    for name in ("alice", "dave", "bob"):
        login(client, cast[name])
        assert client.get(url).status_code == 403, name
        assert client.get(url + "?download=xlsx").status_code == 403, name


@pytest.mark.parametrize("person", ["erin", "charlie"])
def test_the_inspectorate_and_the_office_filter_and_download(client, world, person):
    alice, unit = world["alice"], world["unit"]
    node = plans.create_node(
        plan=world["plan"], parent=None, level="sasaran", name="=HYPERLINK(1)", user=alice
    )
    plans.update_node(node=node, name="=HYPERLINK(2)", user=alice)  # "new" starts with "="
    _deadline(world)
    login(client, world[person])
    url = reverse("audit_log")
    html = client.get(url).content.decode()
    assert "=HYPERLINK(1)" in html and "audit-entry" in html
    today = timezone.localdate()
    quarter = f"TW{(today.month - 1) // 3 + 1}"
    query = f"?unit={unit.pk}&user={alice.pk}&kind=structure&year={today.year}&quarter={quarter}"
    html = client.get(url + query).content.decode()
    assert "=HYPERLINK(1)" in html and "2022-07-10" not in html
    html = client.get(url + f"?start={today + dt.timedelta(days=1)}").content.decode()
    assert "audit-entry" not in html
    response = client.get(url + query + "&download=xlsx")
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Waktu" or rows[0][0] == "When"
    assert all(row[1] == "alice" and row[2] == unit.name for row in rows[1:])
    texts = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    payload = [c for c in texts if str(c.value).startswith("=HYPERLINK")]
    assert payload and all(c.data_type == "s" and c.quotePrefix for c in payload)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_another_kabupatens_entries_are_not_shown(client, world):
    from renaksi.web.accounts.models import Unit

    other = Unit.objects.create(name="Kabupaten Lain", kind=Unit.Kind.KABUPATEN)
    audit.record(user=None, unit=other, kind=History.Kind.DEADLINE, field="due", new="2022-01-01")
    login(client, world["charlie"])
    html = client.get(reverse("audit_log")).content.decode()
    assert "Kabupaten Lain" not in html


def test_the_page_takes_the_same_queries_however_many_entries(
    client, world, django_assert_num_queries
):
    login(client, world["erin"])
    url = reverse("audit_log") + "?kind="
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(30):
        plans.create_node(
            plan=world["plan"], parent=None, level="sasaran", name=f"N{i}", user=world["alice"]
        )
        plans.set_targets(indicator=world["indicator"], values={"TW1": i}, user=world["alice"])
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.content.decode().count("audit-entry") >= 60
