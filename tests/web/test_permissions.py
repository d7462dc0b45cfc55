"""The HTTP matrix: every URL of the contract × every member of the cast (and an anonymous visitor).

Each route of ``ROUTES`` is requested by each person, on the objects of Kaligondang (alice's and
dave's unit) and on those of Bukateja (bob's unit). What must happen:

- anonymous: a redirect to the login page, with ``next`` back to the page, for everything;
- a unit the person may not see: 404, whatever the method (no leak of what exists);
- a unit the person sees but may not change (charlie everywhere, dave in his own unit): 200 on the
  pages that only show, 403 on every change *and on the edit forms themselves* (GET included);
- alice in Kaligondang, bob in Bukateja, erin everywhere: allowed (200, or 302 after a change),
  and the change is made.

Monitoring adds its own doers: reviewing a submitted period is the unit head's (and the
administrator's), unlocking a verified one the administrator's alone; the kabupaten pages (due
dates, late units) are for the administrator and the inspectorate (who only reads them), a 403 for
a unit's operator or head; only the administrator sets or removes a due date. Evidence is removed
by those who add it (the unit's operator, the administrator).

A refused request must have changed nothing: every row of Plan, Node, Indicator, Target,
ImportSession and of monitoring (reports, realisasi, budget spent, evidence, history, due dates and
their changes) is compared before and after.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renaksi.core.plan import Indicator as CoreIndicator
from renaksi.core.plan import Node as CoreNode
from renaksi.core.plan import Plan as CorePlan
from renaksi.web.accounts.models import Unit
from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import (
    BudgetSpent,
    Deadline,
    DeadlineChange,
    Evidence,
    History,
    Realisation,
    RealisationUpload,
    Report,
)
from renaksi.web.monitoring.selectors import submission_check
from renaksi.web.plans import services
from renaksi.web.plans.models import (
    ImportSession,
    Indicator,
    LayoutTemplate,
    Node,
    Plan,
    Target,
)
from renaksi.web.reportjobs.models import ReportJob

from .conftest import SAMPLE

ANONYMOUS = "anonymous"
PEOPLE = [ANONYMOUS, "alice", "dave", "bob", "charlie", "erin"]
UNITS = ["kaligondang", "bukateja"]

# Who sees and who changes which unit (the gatekeeper's table, for these two units).
SEES = {
    "alice": {"kaligondang"},
    "dave": {"kaligondang"},
    "bob": {"bukateja"},
    "charlie": {"kaligondang", "bukateja"},
    "erin": {"kaligondang", "bukateja"},
}
CHANGES = {
    "alice": {"kaligondang"},
    "dave": set(),
    "bob": {"bukateja"},
    "charlie": set(),
    "erin": {"kaligondang", "bukateja"},
}
# Who verifies or returns a submitted period, and who unlocks a verified one.
VERIFIERS = {
    "alice": set(),
    "dave": {"kaligondang"},
    "bob": set(),
    "charlie": set(),
    "erin": {"kaligondang", "bukateja"},
}
UNLOCKERS = {
    "alice": set(),
    "dave": set(),
    "bob": set(),
    "charlie": set(),
    "erin": {"kaligondang", "bukateja"},
}
# Who sets a unit's report settings (signature block, paper): its operator, its head (who signs)
# and the administrator.
SETTERS = {
    "alice": {"kaligondang"},
    "dave": {"kaligondang"},
    "bob": {"bukateja"},
    "charlie": set(),
    "erin": {"kaligondang", "bukateja"},
}
# Who adopts a plan (penetapan): its unit's head and the administrator.
ADOPTERS = {
    "alice": set(),
    "dave": {"kaligondang"},
    "bob": set(),
    "charlie": set(),
    "erin": {"kaligondang", "bukateja"},
}
# The kabupaten pages: who may read them, who may set due dates.
OVERSEERS = frozenset({"charlie", "erin"})
DEADLINE_SETTERS = frozenset({"erin"})


# ---------------------------------------------------------------------------------------------
# The objects a route is requested on


@dataclass
class Objects:
    """A unit's plan with a kegiatan, one of its sub kegiatan (with a sibling) and an indicator
    that has a sibling (so that moving them changes something)."""

    unit: object
    plan: Plan
    kegiatan: Node
    node: Node
    indicator: Indicator
    # Monitoring: TW I submitted, TW II verified, TW III a draft with a realisasi and a file.
    submitted: Report | None = None
    verified: Report | None = None
    realisation: Realisation | None = None
    evidence: Evidence | None = None
    job: ReportJob | None = None  # the kabupaten's workbook, built
    deadline: Deadline | None = None  # a due date of the kabupaten (TW III 2022)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def with_monitoring(o: Objects, operator, reviewer) -> Objects:
    """The unit's quarterly reports in each state the workflow routes act on."""

    def realisasi(period: str, indicator: Indicator | None = None) -> Realisation:
        return monitoring.save_realisation(
            indicator=indicator or o.indicator,
            period=period,
            value=1,
            expected_version=None,
            user=operator,
        )

    # The submitted period's realisasi is a sasaran's: a submitted period protects what it holds
    # from being deleted or moved, and the routes delete and move o.indicator and o.node.
    sasaran = Indicator.objects.filter(node__plan=o.plan, node__level="sasaran").order_by("id")
    realisasi("TW1", sasaran.first())
    o.submitted = monitoring.submit_report(plan=o.plan, period="TW1", user=operator, confirmed=True)
    o.realisation = realisasi("TW3")
    # A verified period locks its targets, which the plan routes change: it is another plan's.
    small = services.import_plan(
        unit=o.unit,
        year=2023,
        version="murni",
        document=CorePlan(
            periods=["TW1", "TW2", "TW3", "TW4"],
            nodes=[
                CoreNode(
                    level="program",
                    name="Program Penunjang",
                    indicators=[
                        CoreIndicator(
                            name="Jumlah laporan",
                            unit="Laporan",
                            annual_target=4,
                            targets={"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4},
                        )
                    ],
                )
            ],
        ),
    )
    monitoring.save_realisation(
        indicator=Indicator.objects.get(node__plan=small),
        period="TW2",
        value=2,
        expected_version=None,
        user=operator,
    )
    o.verified = monitoring.verify_report(
        report=monitoring.submit_report(plan=small, period="TW2", user=operator, confirmed=True),
        user=reviewer,
    )
    o.evidence = monitoring.add_evidence(
        realisation=o.realisation,
        upload=SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
        user=operator,
    )
    return o


def objects_of(unit, plan: Plan) -> Objects:
    kegiatan = next(
        k
        for k in Node.objects.filter(plan=plan, level="kegiatan").order_by("id")
        if k.children.count() >= 2
    )
    node = kegiatan.children.order_by("position").first()
    indicator = next(
        i
        for i in Indicator.objects.filter(node__plan=plan).order_by("id")
        if i.node.indicators.count() >= 2 and i.position == 0
    )
    return Objects(unit=unit, plan=plan, kegiatan=kegiatan, node=node, indicator=indicator)


@pytest.fixture
def world(cast, kaligondang, bukateja, plan, other_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    job = ReportJob.objects.create(
        kabupaten=kaligondang.parent, year=2022, requested_by=cast["erin"], status="done"
    )
    job.file.save("workbook.xlsx", ContentFile(b"PK\x03\x04 workbook"))
    deadline = monitoring.set_deadline(
        kabupaten=kaligondang.parent, year=2022, period="TW3", due=dt.date(2022, 10, 10)
    )
    world = {
        "kaligondang": with_monitoring(objects_of(kaligondang, plan), cast["alice"], cast["dave"]),
        "bukateja": with_monitoring(objects_of(bukateja, other_plan), cast["bob"], cast["erin"]),
    }
    for o in world.values():
        o.job = job
        o.deadline = deadline
    return world


# ---------------------------------------------------------------------------------------------
# The routes: every URL name of the contract that concerns plans


def sample_upload():
    return SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes(), content_type="text/plain")


def indicator_payload(o: Objects, name: str) -> dict:
    data = {
        "objective": "Tersedianya dokumen",
        "name": name,
        "unit": "Dokumen",
        "annual_target": "4",
        "target_mode": "cumulative",
        "aggregation": "",
        "polarity": "",
        "weight": "1",
        # The edit form opened just now (the add form has no version).
        "version": Indicator.objects.get(pk=o.indicator.pk).version,
    }
    for n, period in enumerate(o.plan.periods, start=1):
        data[f"target_{period}"] = str(n)
    return data


def node_payload(o: Objects, level: str, name: str) -> dict:
    return {
        "level": level,
        "number": "9",
        "code": "",
        "name": name,
        "budget": "125.000.000",
        "version": Node.objects.get(pk=o.node.pk).version,  # the edit form opened just now
    }


def sheet_payload(o: Objects) -> dict:
    """A new realisasi for the TW III row, from a form loaded at its current version."""
    version = Realisation.objects.get(pk=o.realisation.pk).version
    pk = o.indicator.pk
    return {f"value-{pk}": "2,5", f"version-{pk}": str(version), f"obstacles-{pk}": "Hujan"}


def sheet_with_evidence_payload(o: Objects) -> dict:
    """The same row with a file and a link attached in the same save (multipart)."""
    pk = o.indicator.pk
    return {
        **sheet_payload(o),
        f"file-{pk}": SimpleUploadedFile("bukti TW3.pdf", PDF, content_type="application/pdf"),
        f"link-{pk}": "https://drive.example.go.id/bukti-tw3",
    }


def workbook_payload(o: Objects) -> dict:
    """The TW III sheet's workbook with the row's realisasi changed, uploaded (multipart)."""
    import io

    from openpyxl import load_workbook

    from renaksi.web.monitoring import workbook
    from renaksi.web.monitoring.workbook_views import sheet_workbook

    book = load_workbook(io.BytesIO(sheet_workbook(o.plan, "TW3")))
    sheet = book[workbook.REALISATION_SHEET]
    row = next(r for r in sheet.iter_rows() if str(r[0].value).startswith(f"i:{o.indicator.pk}:"))
    row[7].value = 7  # the realisasi column
    out = io.BytesIO()
    book.save(out)
    return {"file": SimpleUploadedFile("realisasi.xlsx", out.getvalue())}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: Callable[[Objects], dict]
    method: str = "GET"
    payload: Callable[[Objects], dict] | None = None
    query: Callable[[Objects], dict] | None = None
    changes: bool = False  # an edit page or a change: 403 for those who only read
    scoped: bool = True  # about one unit's objects (False: home, the unit list, the kabupaten)
    doers: dict[str, set[str]] | None = None  # who may make this change where (else CHANGES)
    only: frozenset[str] | None = None  # a kabupaten page: the people allowed, others 403

    def url(self, o: Objects) -> str:
        url = reverse(self.name, kwargs=self.kwargs(o))
        if self.query:
            url += "?" + urlencode(self.query(o))
        return url

    @property
    def id(self) -> str:
        return f"{self.method}-{self.name}"


ROUTES = [
    Route("home", lambda o: {}, scoped=False),
    Route("unit_list", lambda o: {}, scoped=False),
    Route("unit_detail", lambda o: {"unit_id": o.unit.pk}),
    Route("plan_detail", lambda o: {"plan_id": o.plan.pk}),
    Route("plan_json", lambda o: {"plan_id": o.plan.pk}),
    Route("plan_diff", lambda o: {"plan_id": o.plan.pk}),
    Route(
        "plan_diff",
        lambda o: {"plan_id": o.plan.pk},
        query=lambda o: {"against": o.plan.pk, "download": "xlsx"},
    ),
    Route(
        "plan_adopt",
        lambda o: {"plan_id": o.plan.pk},
        "POST",
        lambda o: {
            "adopted_on": "2022-01-03",
            "decree_number": "050/12/2022",
            "confirm": "on",
            "edits": Plan.objects.get(pk=o.plan.pk).edits,
        },
        changes=True,
        doers=ADOPTERS,
    ),
    Route("node_add", lambda o: {"plan_id": o.plan.pk}, changes=True),
    Route(
        "node_add",
        lambda o: {"plan_id": o.plan.pk},
        query=lambda o: {"parent": o.kegiatan.pk},
        changes=True,
    ),
    Route(
        "node_add",
        lambda o: {"plan_id": o.plan.pk},
        "POST",
        payload=lambda o: node_payload(o, "subkegiatan", "Sub kegiatan baru"),
        query=lambda o: {"parent": o.kegiatan.pk},
        changes=True,
    ),
    Route("node_edit", lambda o: {"node_id": o.node.pk}, changes=True),
    Route(
        "node_edit",
        lambda o: {"node_id": o.node.pk},
        "POST",
        payload=lambda o: node_payload(o, o.node.level, "Nama sub kegiatan diubah"),
        changes=True,
    ),
    Route("node_delete", lambda o: {"node_id": o.node.pk}, "POST", lambda o: {}, changes=True),
    Route(
        "node_move",
        lambda o: {"node_id": o.node.pk},
        "POST",
        lambda o: {"direction": "down"},
        changes=True,
    ),
    Route("indicator_add", lambda o: {"node_id": o.node.pk}, changes=True),
    Route(
        "indicator_add",
        lambda o: {"node_id": o.node.pk},
        "POST",
        lambda o: indicator_payload(o, "Jumlah dokumen baru"),
        changes=True,
    ),
    Route("indicator_edit", lambda o: {"indicator_id": o.indicator.pk}, changes=True),
    Route(
        "indicator_edit",
        lambda o: {"indicator_id": o.indicator.pk},
        "POST",
        lambda o: indicator_payload(o, "Nama indikator diubah"),
        changes=True,
    ),
    Route(
        "indicator_delete",
        lambda o: {"indicator_id": o.indicator.pk},
        "POST",
        lambda o: {},
        changes=True,
    ),
    Route(
        "indicator_move",
        lambda o: {"indicator_id": o.indicator.pk},
        "POST",
        lambda o: {"direction": "down"},
        changes=True,
    ),
    Route("import_upload", lambda o: {"unit_id": o.unit.pk}, changes=True),
    Route(
        "import_upload",
        lambda o: {"unit_id": o.unit.pk},
        "POST",
        lambda o: {"file": sample_upload(), "year": "2022", "version": "murni"},
        changes=True,
    ),
    # Quarterly monitoring
    Route("monitoring_sheet", lambda o: {"plan_id": o.plan.pk, "period": "TW3"}),
    Route(
        "monitoring_sheet",
        lambda o: {"plan_id": o.plan.pk, "period": "TW3"},
        "POST",
        lambda o: sheet_payload(o),
        changes=True,
    ),
    Route(
        "monitoring_sheet",
        lambda o: {"plan_id": o.plan.pk, "period": "TW3"},
        "POST",
        sheet_with_evidence_payload,
        changes=True,
    ),
    # The sheet as a workbook: downloaded by whoever sees it, uploaded by those who report
    Route("monitoring_sheet_xlsx", lambda o: {"plan_id": o.plan.pk, "period": "TW3"}),
    Route(
        "monitoring_sheet_upload",
        lambda o: {"plan_id": o.plan.pk, "period": "TW3"},
        "POST",
        workbook_payload,
        changes=True,
    ),
    Route(
        "monitoring_submit",
        lambda o: {"plan_id": o.plan.pk, "period": "TW3"},
        "POST",
        # The findings before submitting, confirmed (without: the check page, nothing changed).
        lambda o: {"confirm": submission_check(o.plan, "TW3").fingerprint},
        changes=True,
    ),
    Route(
        "monitoring_capaian",
        lambda o: {"indicator_id": o.indicator.pk, "period": "TW3"},
        query=lambda o: {"value": "0,9"},
    ),
    Route(
        "monitoring_review",
        lambda o: {"report_id": o.submitted.pk},
        "POST",
        lambda o: {"decision": "return", "note": "Lengkapi bukti dukung"},
        changes=True,
        doers=VERIFIERS,
    ),
    Route(
        "monitoring_unlock",
        lambda o: {"report_id": o.verified.pk},
        "POST",
        lambda o: {"reason": "Koreksi angka"},
        changes=True,
        doers=UNLOCKERS,
    ),
    Route(
        "evidence_upload",
        lambda o: {"realisation_id": o.realisation.pk},
        "POST",
        lambda o: {"link": "https://drive.example.go.id/bukti"},
        changes=True,
    ),
    Route("evidence_download", lambda o: {"evidence_id": o.evidence.pk}),
    Route(
        "evidence_delete",
        lambda o: {"evidence_id": o.evidence.pk},
        "POST",
        lambda o: {},
        changes=True,
    ),
    Route("indicator_history", lambda o: {"indicator_id": o.indicator.pk}),
    Route("monitoring_overview", lambda o: {"unit_id": o.unit.pk}),
    Route("deadline_list", lambda o: {}, scoped=False, only=OVERSEERS),
    Route(
        "deadline_list",
        lambda o: {},
        "POST",
        lambda o: {"year": "2022", "period": "TW1", "due": "2022-04-10"},
        changes=True,
        scoped=False,
        only=DEADLINE_SETTERS,
    ),
    Route(
        "deadline_delete",
        lambda o: {"deadline_id": o.deadline.pk},
        "POST",
        lambda o: {},
        changes=True,
        scoped=False,
        only=DEADLINE_SETTERS,
    ),
    Route(
        "late_units",
        lambda o: {},
        query=lambda o: {"year": "2022", "period": "TW1"},
        scoped=False,
        only=OVERSEERS,
    ),
    # Reports: a plan's report as a file; the kabupaten workbook (asked for by its overseers)
    Route(
        "report_download",
        lambda o: {"plan_id": o.plan.pk, "report": "rencana-aksi", "fmt": "xlsx"},
    ),
    Route("kabupaten_workbook", lambda o: {}, scoped=False, only=OVERSEERS),
    Route(
        "kabupaten_workbook",
        lambda o: {},
        "POST",
        lambda o: {"year": "2022"},
        changes=True,
        scoped=False,
        only=OVERSEERS,
    ),
    Route("report_job_download", lambda o: {"job_id": o.job.pk}, scoped=False, only=OVERSEERS),
    # The audit log: the kabupaten's office and the inspectorate read it and download it
    Route("audit_log", lambda o: {}, scoped=False, only=OVERSEERS),
    Route(
        "audit_log",
        lambda o: {},
        query=lambda o: {"download": "xlsx"},
        scoped=False,
        only=OVERSEERS,
    ),
    # A unit's report settings: read by whoever sees the unit, changed by its setters.
    Route("report_settings", lambda o: {"unit_id": o.unit.pk}),
    Route(
        "report_settings",
        lambda o: {"unit_id": o.unit.pk},
        "POST",
        lambda o: {
            "signature_place": "Kaligondang",
            "head_position": "Camat Kaligondang",
            "head_name": "Drs. Sugeng Widodo",
            "head_nip": "19700101 199003 1 001",
            "paper": "F4",
            "version": Unit.objects.get(pk=o.unit.pk).settings_version,
        },
        changes=True,
        doers=SETTERS,
    ),
]

# The contract's names this file covers (the import session ones are below, with a session).
SESSION_ROUTES = [
    "import_preview",
    "import_status",
    "import_confirm",
    "import_cancel",
    "import_correct",
    "import_reset",
    "import_mapping",
    "import_diff",
]
# An uploaded workbook's preview and confirmation: its uploader's only
# (tests/web/test_realisation_workbook.py, test_who_may).
UPLOAD_ROUTES = ["realisation_upload", "realisation_upload_confirm"]
FRAMEWORK_ROUTES = ["login", "logout", "set_language", "admin:index"]
# One's own account, the same for everyone (tests/web/test_logins.py).
ACCOUNT_ROUTES = [
    "account",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "two_factor_setup",
    "two_factor_verify",
]


def _names(patterns) -> set[str]:
    """Every URL name, the included route lists' too (the admin's own are the framework's)."""
    names = set()
    for p in patterns:
        if hasattr(p, "url_patterns"):
            if not getattr(p, "namespace", None):
                names |= _names(p.url_patterns)
        elif getattr(p, "name", None):
            names.add(p.name)
    return names


def test_every_url_of_the_contract_is_in_the_matrix():
    from renaksi.web.urls import urlpatterns

    names = _names(urlpatterns)
    assert {"monitoring_sheet", "evidence_download", "late_units"} <= names
    covered = (
        {r.name for r in ROUTES}
        | set(SESSION_ROUTES)
        | set(UPLOAD_ROUTES)
        | set(FRAMEWORK_ROUTES)
        | set(ACCOUNT_ROUTES)
    )
    assert names - covered == set()


# ---------------------------------------------------------------------------------------------
# Requests and the state of the database


def client_for(person: str, cast) -> Client:
    client = Client()
    if person != ANONYMOUS:
        client.force_login(cast[person])
    return client


def request(client: Client, route: Route, o: Objects):
    url = route.url(o)
    if route.method == "GET":
        return client.get(url)
    return client.post(url, route.payload(o) if route.payload else {})


MODELS = (
    Unit,
    Plan,
    Node,
    Indicator,
    Target,
    ImportSession,
    LayoutTemplate,
    Report,
    Realisation,
    RealisationUpload,
    BudgetSpent,
    Evidence,
    History,
    Deadline,
    DeadlineChange,
    ReportJob,
)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def snapshot() -> dict[str, list]:
    """Every row of the plan store, every field: a refused request must leave it as it was."""
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


def login_redirect(path: str) -> str:
    return reverse("login") + "?" + urlencode({"next": path}, safe="/")


def expected(person: str, unit: str, route: Route) -> int | str:
    """404, 403, "login", or "allowed" (200 for a page, 302 after a change)."""
    if person == ANONYMOUS:
        return "login"
    if route.only is not None:
        return "allowed" if person in route.only else 403
    if not route.scoped:
        return "allowed"
    if unit not in SEES[person]:
        return 404
    if route.changes and unit not in (route.doers or CHANGES)[person]:
        return 403
    return "allowed"


MATRIX = [
    pytest.param(route, person, unit, id=f"{route.id}{'+q' if route.query else ''}-{person}-{unit}")
    for route in ROUTES
    for person in PEOPLE
    for unit in UNITS
    if route.scoped or unit == "kaligondang"
]


@pytest.mark.parametrize(("route", "person", "unit"), MATRIX)
def test_matrix(world, cast, route, person, unit):
    o = world[unit]
    client = client_for(person, cast)
    before_rows, before_counts = snapshot(), counts()
    response = request(client, route, o)
    outcome = expected(person, unit, route)

    if outcome == "allowed":
        if route.method == "GET":
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 302:
                assert not response["Location"].startswith(reverse("login"))
        else:
            # A change that was made: redirect (to the plan, or to the import preview).
            assert response.status_code == 302, (
                response.status_code,
                response.content.decode()[:2000],
            )
            assert snapshot() != before_rows, "an allowed change changed nothing"
            if route.payload is sheet_with_evidence_payload:  # the file and the link, with it
                assert counts()["Evidence"] == before_counts["Evidence"] + 2
            if route.name in ("deadline_list", "deadline_delete"):  # and who did it, recorded
                assert counts()["DeadlineChange"] == before_counts["DeadlineChange"] + 1
                assert DeadlineChange.objects.earliest("-id").user == cast[person]
        return

    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"] == login_redirect(route.url(o))
    else:
        assert response.status_code == outcome
    assert counts() == before_counts
    assert snapshot() == before_rows


def test_matrix_size():
    # Forty-nine routes; home, the unit list and the nine kabupaten routes are asked once,
    # the others of both units.
    assert len(MATRIX) == 11 * 6 + 38 * 6 * 2


# ---------------------------------------------------------------------------------------------
# Cross-unit and cross-plan references inside a request


@pytest.mark.parametrize("person", ["alice", "erin"])
def test_node_add_with_a_parent_of_another_plan_is_404(world, cast, person):
    # alice's plan, a parent taken from Bukateja's plan: never a node hung under a foreign parent.
    mine, other = world["kaligondang"], world["bukateja"]
    client = client_for(person, cast)
    before = snapshot()
    url = reverse("node_add", kwargs={"plan_id": mine.plan.pk}) + f"?parent={other.kegiatan.pk}"
    for response in (
        client.get(url),
        client.post(url, node_payload(mine, "subkegiatan", "Sub kegiatan asing")),
    ):
        assert response.status_code == 404
    assert snapshot() == before


def test_node_add_with_a_malformed_parent_is_404(world, cast):
    o = world["kaligondang"]
    client = client_for("alice", cast)
    before = snapshot()
    url = reverse("node_add", kwargs={"plan_id": o.plan.pk}) + "?parent=1%20OR%201=1"
    assert client.post(url, node_payload(o, "program", "X")).status_code == 404
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# Changes only through POST: a GET (a link, an image, a prefetch) changes nothing


@pytest.mark.parametrize(
    "name",
    [
        "plan_adopt",
        "node_delete",
        "node_move",
        "indicator_delete",
        "indicator_move",
        "monitoring_submit",
        "monitoring_sheet_upload",
        "monitoring_review",
        "monitoring_unlock",
        "evidence_upload",
        "evidence_delete",
        "deadline_delete",
    ],
)
@pytest.mark.parametrize("person", ["alice", "erin"])
def test_get_on_a_change_url_changes_nothing(world, cast, name, person):
    o = world["kaligondang"]
    route = next(r for r in ROUTES if r.name == name)
    client = client_for(person, cast)
    before = snapshot()
    response = client.get(route.url(o) + "?direction=down")
    assert response.status_code == 405
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------
# CSRF: a logged-in person's browser tricked into posting is refused


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if r.method == "POST"],
    ids=lambda r: r.id,
)
@pytest.mark.parametrize("person", ["alice", "erin"])
def test_post_without_csrf_token_is_refused(world, cast, route, person):
    o = world["kaligondang"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast[person])
    before = snapshot()
    response = request(client, route, o)
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(
    "name", ["import_confirm", "import_cancel", "import_correct", "import_reset"]
)
def test_import_post_without_csrf_token_is_refused(cast, staged, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["alice"])
    before = snapshot()
    response = client.post(reverse(name, kwargs={"session_id": staged.pk}))
    assert response.status_code == 403
    assert snapshot() == before


def test_post_with_the_csrf_token_of_the_page_is_accepted(world, cast):
    # The other side of the CSRF test: the token the edit form carries works.
    o = world["kaligondang"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["alice"])
    url = reverse("node_edit", kwargs={"node_id": o.node.pk})
    page = client.get(url)
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    token = token or client.cookies["csrftoken"].value
    data = node_payload(o, o.node.level, "Nama dengan token")
    data["csrfmiddlewaretoken"] = token
    response = client.post(url, data)
    assert response.status_code == 302
    o.node.refresh_from_db()
    assert o.node.name == "Nama dengan token"


# ---------------------------------------------------------------------------------------------
# An import waiting for confirmation: only its author may preview, confirm or cancel it


@pytest.fixture
def staged(cast, kaligondang):
    return services.stage_import(
        unit=kaligondang,
        year=2022,
        version="murni",
        upload=sample_upload(),
        user=cast["alice"],
        max_bytes=20 * 1024 * 1024,
    )


# person → the statuses accepted. charlie and dave see the unit but may not import: 403 (the
# views ask for IMPORT); bob does not see the unit and erin is not the author: 404.
SESSION_REFUSALS = {
    ANONYMOUS: "login",
    "bob": {404},
    "erin": {404},
    "charlie": {403},
    "dave": {403},
}
SESSION_CALLS = [
    ("import_preview", "GET"),
    ("import_status", "GET"),
    ("import_confirm", "POST"),
    ("import_cancel", "POST"),
    ("import_correct", "POST"),
    ("import_reset", "POST"),
    ("import_mapping", "GET"),
    ("import_diff", "GET"),
]


@pytest.mark.parametrize(("name", "method"), SESSION_CALLS)
@pytest.mark.parametrize("person", list(SESSION_REFUSALS))
def test_import_session_refused(cast, staged, person, name, method):
    client = client_for(person, cast)
    url = reverse(name, kwargs={"session_id": staged.pk})
    before = snapshot()
    response = client.get(url) if method == "GET" else client.post(url)
    refusal = SESSION_REFUSALS[person]
    if refusal == "login":
        assert response.status_code == 302
        assert response["Location"] == login_redirect(url)
    else:
        assert response.status_code in refusal
    assert snapshot() == before
    staged.refresh_from_db()
    assert staged.status == ImportSession.Status.PENDING


@pytest.mark.parametrize(("name", "method"), SESSION_CALLS)
@pytest.mark.parametrize("person", PEOPLE)
def test_import_session_that_does_not_exist(cast, person, name, method):
    client = client_for(person, cast)
    url = reverse(name, kwargs={"session_id": uuid.uuid4()})
    response = client.get(url) if method == "GET" else client.post(url)
    if person == ANONYMOUS:
        assert response.status_code == 302
    else:
        assert response.status_code == 404


def test_import_session_of_bukateja_is_404_for_alice(cast, bukateja):
    session = services.stage_import(
        unit=bukateja,
        year=2022,
        version="murni",
        upload=sample_upload(),
        user=cast["bob"],
        max_bytes=20 * 1024 * 1024,
    )
    client = client_for("alice", cast)
    before = snapshot()
    assert client.get(reverse("import_preview", args=[session.pk])).status_code == 404
    assert client.post(reverse("import_confirm", args=[session.pk])).status_code == 404
    assert client.post(reverse("import_cancel", args=[session.pk])).status_code == 404
    assert snapshot() == before


def test_import_session_author_previews_and_confirms(cast, staged):
    client = client_for("alice", cast)
    preview = client.get(reverse("import_preview", args=[staged.pk]))
    assert preview.status_code == 200
    assert "Penyusunan Dokumen Perencanaan Perangkat Daerah" in preview.content.decode()
    plans = Plan.objects.count()
    response = client.post(reverse("import_confirm", args=[staged.pk]))
    assert response.status_code == 302
    staged.refresh_from_db()
    assert staged.status == ImportSession.Status.CONFIRMED
    assert response["Location"] == reverse("plan_detail", args=[staged.plan_id])
    assert Plan.objects.count() == plans + 1
    # Confirming twice saves nothing more.
    again = client.post(reverse("import_confirm", args=[staged.pk]))
    assert again.status_code == 302
    assert Plan.objects.count() == plans + 1
    # Nor can a cancel undo it.
    client.post(reverse("import_cancel", args=[staged.pk]))
    staged.refresh_from_db()
    assert staged.status == ImportSession.Status.CONFIRMED


def test_import_session_author_cancels(cast, staged):
    client = client_for("alice", cast)
    before = counts()
    response = client.post(reverse("import_cancel", args=[staged.pk]))
    assert response.status_code == 302
    staged.refresh_from_db()
    assert staged.status == ImportSession.Status.CANCELLED
    after = counts()
    assert after == {**before, "History": before["History"] + 1}  # the cancel, in the audit log
    # A cancelled import cannot be confirmed afterwards.
    client.post(reverse("import_confirm", args=[staged.pk]))
    staged.refresh_from_db()
    assert staged.status == ImportSession.Status.CANCELLED
    assert Plan.objects.count() == before["Plan"]


@pytest.mark.parametrize("name", ["import_confirm", "import_cancel"])
def test_get_on_confirm_or_cancel_changes_nothing(cast, staged, name):
    client = client_for("alice", cast)
    before = snapshot()
    response = client.get(reverse(name, args=[staged.pk]))
    assert response.status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize("person", ["erin", "charlie", "dave", "bob"])
def test_an_imported_session_url_leaks_nothing_in_the_body(cast, staged, person):
    # The refusal page names nothing of the import (file name, unit, plan content).
    response = client_for(person, cast).get(reverse("import_preview", args=[staged.pk]))
    body = response.content.decode()
    assert SAMPLE.name not in body
    assert "Penyusunan Dokumen" not in body


# ---------------------------------------------------------------------------------------------
# The framework's own URLs


def test_login_page_is_public(client, db):
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.parametrize("person", PEOPLE)
def test_admin_is_for_staff_only(cast, person):
    # Nobody of the cast is staff: the admin sends them to its own login page.
    response = client_for(person, cast).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("person", PEOPLE)
def test_set_language_and_logout(cast, person):
    client = client_for(person, cast)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/units/"})
    assert response.status_code == 302
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    # Logged out: the pages ask for a login again.
    assert client.get(reverse("unit_list")).status_code == 302


def test_logout_by_get_is_refused(cast):
    client = client_for("alice", cast)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("unit_list")).status_code == 200
