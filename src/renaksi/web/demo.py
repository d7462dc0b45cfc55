"""A demo site: a kabupaten, two kecamatan, one account per role, and the sample plan.

``setup_demo()`` is idempotent: run it again and it creates only what is missing. Passwords are
random, shown once when an account is created, and never stored anywhere but as Django's hash.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from importlib import resources
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from ..importers import read_plan
from .accounts.models import Profile, Role, Unit
from .plans import services
from .plans.models import Plan

KABUPATEN = "Kabupaten Purbalingga (demo)"
KALIGONDANG = "Kecamatan Kaligondang"
UNITS = (KALIGONDANG, "Kecamatan Bukateja")
SAMPLE = "rencana-aksi-2022-kecamatan-kaligondang.txt"
SAMPLE_YEAR = 2022

# username, role, unit (None: the kabupaten, which is the scope of administrators and inspectors)
ACCOUNTS = (
    ("demo-admin", Role.ADMIN, None),
    ("demo-operator", Role.OPERATOR, KALIGONDANG),
    ("demo-head", Role.HEAD, KALIGONDANG),
    ("demo-inspector", Role.INSPECTOR, None),
)

# No look-alike characters (0/O, 1/l/I): the password is read off a terminal and typed.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_password() -> str:
    """A random password in three groups of four, e.g. ``k7mq-2xrt-h9wp`` (about 59 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


@dataclass
class Account:
    username: str
    role: str
    unit: str
    password: str | None = None  # set only when it was created (or reset) just now


@dataclass
class DemoSite:
    kabupaten: Unit
    units: list[Unit]
    accounts: list[Account] = field(default_factory=list)
    imported: Plan | None = None  # the sample plan, when it was imported just now
    plan: Plan | None = None  # the current sample plan

    @property
    def new_passwords(self) -> list[Account]:
        return [a for a in self.accounts if a.password]


def sample_path():
    """The packaged sample plan (a context manager giving a real file path)."""
    return resources.as_file(resources.files("renaksi") / "data" / "samples" / SAMPLE)


@transaction.atomic
def setup_demo(*, reset_passwords: bool = False) -> DemoSite:
    """Create what is missing of the demo site; with ``reset_passwords``, new passwords for all."""
    kabupaten, _ = Unit.objects.get_or_create(
        name=KABUPATEN, parent=None, defaults={"kind": Unit.Kind.KABUPATEN}
    )
    units = [
        Unit.objects.get_or_create(
            name=name,
            parent=kabupaten,
            defaults={"kind": Unit.Kind.KECAMATAN, "bidang_code": "7.01"},
        )[0]
        for name in UNITS
    ]
    by_name = {u.name: u for u in units}
    site = DemoSite(kabupaten=kabupaten, units=units)

    users = get_user_model()
    for username, role, unit_name in ACCOUNTS:
        unit = by_name[unit_name] if unit_name else kabupaten
        user = users.objects.filter(username=username).first()
        password = None
        if user is None:
            password = new_password()
            user = users.objects.create_user(username=username, password=password)
        elif reset_passwords:
            password = new_password()
            user.set_password(password)
            user.save(update_fields=["password"])
        profile = Profile.objects.filter(user=user).first()
        if profile is None:
            profile = Profile.objects.create(user=user, role=role, unit=unit)
        site.accounts.append(
            Account(
                username=username,
                role=str(profile.get_role_display()),
                unit=profile.unit.name,
                password=password,
            )
        )

    kaligondang = by_name[KALIGONDANG]
    existing = Plan.objects.filter(unit=kaligondang, year=SAMPLE_YEAR, is_current=True).first()
    if existing is None:
        operator = users.objects.get(username="demo-operator")
        with sample_path() as path:
            document = read_plan(path)
        site.imported = site.plan = services.import_plan(
            unit=kaligondang,
            year=SAMPLE_YEAR,
            version=Plan.Version.MURNI,
            document=document,
            user=operator,
            source_name=SAMPLE,
        )
    else:
        site.plan = existing
    return site


def report(site: DemoSite, out: TextIO) -> None:
    """What the demo consists of; the passwords only when they were made just now."""
    names = " and ".join(u.name for u in site.units)
    out.write(f"Demo site: {site.kabupaten.name}, with {names}.\n")
    if site.imported is not None:
        plan = site.imported
        subs = plan.nodes.filter(level="subkegiatan").count()
        out.write(
            f"Sample plan imported: {plan.unit.name} {plan.year} {plan.version}, "
            f"revision {plan.revision} ({subs} sub kegiatan).\n"
        )
    elif site.plan is not None:
        out.write(f"Sample plan: already there ({site.plan.unit.name} {site.plan.year}).\n")
    fresh = site.new_passwords
    if fresh:
        out.write("\nDemo accounts — the passwords are shown this once, write them down:\n\n")
        width = max(len(a.username) for a in site.accounts)
        role_width = max(len(a.role) for a in site.accounts)
        for a in site.accounts:
            password = a.password or "(unchanged)"
            out.write(
                f"  {a.username:<{width}}  {password:<14}  {a.role:<{role_width}}  {a.unit}\n"
            )
        out.write("\n")
    else:
        usernames = ", ".join(a.username for a in site.accounts)
        out.write(
            f"Demo accounts: {usernames} (their passwords were shown when they were created; "
            "new ones: `renaksi demo --reset-passwords`).\n"
        )
