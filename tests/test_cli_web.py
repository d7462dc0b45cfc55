"""The web application's commands: ``renaksi import``, ``renaksi demo``, ``renaksi manage``, serve.

They run in-process against the test database (pytest-django's ``db``), as ``renaksi.cli.main``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renaksi.cli import main
from renaksi.web import demo, setup
from renaksi.web.accounts.models import Profile, Role, Unit
from renaksi.web.plans.models import Node, Plan

SAMPLE = (
    Path(__file__).parents[1]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
PASSWORD_LINE = re.compile(r"^  (demo-\w+)\s+([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\s", re.M)


@pytest.fixture
def kaligondang(db):
    kabupaten = Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)
    return Unit.objects.create(
        name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten
    )


# ---------------------------------------------------------------------------------------------
# renaksi import


def test_import_saves_a_new_revision_and_prints_one_line(kaligondang, capsys):
    assert main(["import", str(SAMPLE), "--unit", "Kecamatan Kaligondang", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    plan = Plan.objects.get()
    assert out.count("\n") == 1
    assert out.startswith(f"Kecamatan Kaligondang 2022 murni revision 1 saved (plan {plan.pk}): ")
    assert "25 sub kegiatan; 51 indicators; 1 error" in out
    assert (plan.unit, plan.year, plan.version, plan.revision, plan.is_current) == (
        kaligondang,
        2022,
        "murni",
        1,
        True,
    )
    assert plan.source_name == SAMPLE.name
    assert Node.objects.filter(plan=plan, level="subkegiatan").count() == 25

    # by id, case-insensitive names, perubahan: each import is a new revision, the old ones kept
    assert main(["import", str(SAMPLE), "--unit", str(kaligondang.pk), "--year", "2022"]) == 0
    assert main(["import", str(SAMPLE), "--unit", "kecamatan KALIGONDANG", "--year", "2022"]) == 0
    args = ["--unit", "Kecamatan Kaligondang", "--year", "2022", "--version", "perubahan"]
    assert main(["import", str(SAMPLE), *args]) == 0
    rows = Plan.objects.order_by("version", "revision").values_list(
        "version", "revision", "is_current"
    )
    assert list(rows) == [
        ("murni", 1, False),
        ("murni", 2, False),
        ("murni", 3, False),  # the perubahan replaced it (docs/lifecycle.md)
        ("perubahan", 1, True),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "Kecamatan Nowhere", "--year", "2022"], "no unit named 'Kecamatan Nowhere'"),
        (["--unit", "999999", "--year", "2022"], "no unit with id 999999"),
        (["--unit", "Kabupaten Purbalingga", "--year", "2022"], "no unit named"),
    ],
)
def test_import_refusals_are_one_line_and_exit_2(kaligondang, capsys, args, message):
    assert main(["import", str(SAMPLE), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"renaksi: error: {message}") and err.count("\n") == 1
    assert Plan.objects.count() == 0


def test_import_of_an_unreadable_file_exits_2(kaligondang, capsys, tmp_path):
    broken = tmp_path / "rencana.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    assert main(["import", str(broken), "--unit", "Kecamatan Kaligondang", "--year", "2022"]) == 2
    assert capsys.readouterr().err == (
        "renaksi: error: rencana.xlsx: not a valid .xlsx file; corrupt or renamed\n"
    )
    assert Plan.objects.count() == 0


def test_two_units_of_one_name_need_the_id(kaligondang, capsys):
    other = Unit.objects.create(name="Kabupaten Lain", kind=Unit.Kind.KABUPATEN)
    Unit.objects.create(name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=other)
    assert main(["import", str(SAMPLE), "--unit", "Kecamatan Kaligondang", "--year", "2022"]) == 2
    assert "2 units are named 'Kecamatan Kaligondang': give the id" in capsys.readouterr().err


@pytest.mark.parametrize("year", ["1999", "twenty"])
def test_import_refuses_a_bad_year(kaligondang, capsys, year):
    with pytest.raises(SystemExit) as exit_:
        main(["import", str(SAMPLE), "--unit", "Kecamatan Kaligondang", "--year", year])
    assert exit_.value.code == 2
    assert "--year" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# renaksi demo


def counts():
    return (
        Unit.objects.count(),
        get_user_model().objects.count(),
        Profile.objects.count(),
        Plan.objects.count(),
        Node.objects.count(),
    )


def test_demo_twice_prints_passwords_once_and_creates_nothing_more(db, capsys, client):
    assert main(["demo"]) == 0
    first = capsys.readouterr().out
    passwords = dict(PASSWORD_LINE.findall(first))
    assert set(passwords) == {"demo-admin", "demo-operator", "demo-head", "demo-inspector"}
    assert len(set(passwords.values())) == 4
    assert "Sample plan imported: Kecamatan Kaligondang 2022 murni, revision 1" in first
    after_first = counts()
    assert after_first[:4] == (3, 4, 4, 1)

    assert main(["demo"]) == 0
    second = capsys.readouterr().out
    assert counts() == after_first
    assert not PASSWORD_LINE.search(second)
    assert not any(p in second for p in passwords.values())
    assert "--reset-passwords" in second

    # the printed passwords work, and each account has its role
    roles = {p.user.username: (p.role, p.unit.name) for p in Profile.objects.select_related()}
    assert roles == {
        "demo-admin": (Role.ADMIN, demo.KABUPATEN),
        "demo-operator": (Role.OPERATOR, "Kecamatan Kaligondang"),
        "demo-head": (Role.HEAD, "Kecamatan Kaligondang"),
        "demo-inspector": (Role.INSPECTOR, demo.KABUPATEN),
    }
    # through the login page (the lockout counts every login: it needs the request)
    credentials = {"username": "demo-operator", "password": passwords["demo-operator"]}
    assert client.post(reverse("login"), credentials).status_code == 302
    unit = Unit.objects.get(name="Kecamatan Kaligondang")
    assert client.get(reverse("import_upload", args=[unit.pk])).status_code == 200


def test_demo_reset_passwords_prints_new_ones(db, capsys):
    main(["demo"])
    old = dict(PASSWORD_LINE.findall(capsys.readouterr().out))
    assert main(["demo", "--reset-passwords"]) == 0
    new = dict(PASSWORD_LINE.findall(capsys.readouterr().out))
    assert set(new) == set(old) and all(new[u] != old[u] for u in old)
    user = get_user_model().objects.get(username="demo-head")
    assert user.check_password(new["demo-head"]) and not user.check_password(old["demo-head"])
    assert Plan.objects.count() == 1


def test_demo_passwords_are_random_and_readable():
    made = {demo.new_password() for _ in range(200)}
    assert len(made) == 200
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", p) for p in made)
    assert not any(c in p for p in made for c in "01lo")


# ---------------------------------------------------------------------------------------------
# renaksi manage, serve's preparation, and keeping Django out of parse/check


def test_manage_passes_through_to_django(db, capsys):
    assert main(["manage", "showmigrations", "plans", "--plan"]) == 0
    assert "plans.0001_initial" in capsys.readouterr().out
    assert main(["manage", "no-such-command"]) == 1


def test_serve_prepares_then_serves_with_waitress(db, monkeypatch, capsys, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    served = {}

    def fake_serve(application, **options):
        served.update(options, application=application)
        raise KeyboardInterrupt  # Ctrl+C

    import waitress

    monkeypatch.setattr(waitress, "serve", fake_serve)
    assert main(["serve", "--port", "8123", "--threads", "4", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "Renaksi on http://127.0.0.1:8123/" in out
    assert "demo-operator" in out and Plan.objects.count() == 1
    assert (served["host"], served["port"], served["threads"]) == ("127.0.0.1", 8123, 4)
    assert "trusted_proxy" not in served
    assert callable(served["application"])
    assert (tmp_path / "static" / "renaksi" / "app.css").is_file()  # collectstatic ran


def test_serve_behind_a_proxy_believes_its_forwarded_headers(db, monkeypatch, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    served = {}
    import waitress

    monkeypatch.setattr(waitress, "serve", lambda application, **options: served.update(options))
    assert main(["serve", "--host", "0.0.0.0", "--trusted-proxy", "10.0.0.1"]) == 0
    assert served["host"] == "0.0.0.0" and served["trusted_proxy"] == "10.0.0.1"
    assert "x-forwarded-proto" in served["trusted_proxy_headers"]


def test_sqlite_folder_is_created(tmp_path):
    database = tmp_path / "deep" / "er" / "renaksi.sqlite3"
    setup.ensure_directories(
        tmp_path / "data", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}
    )
    assert database.parent.is_dir() and (tmp_path / "data").is_dir()


def test_parse_and_check_do_not_load_django():
    code = (
        "import sys, renaksi.cli as c; "
        f"c.main(['check', {str(SAMPLE)!r}]); c.main(['parse', {str(SAMPLE)!r}]); "
        "sys.exit(3 if 'django' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
