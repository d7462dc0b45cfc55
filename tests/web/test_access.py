"""The gatekeeper itself, without HTTP: who may see and do what, table by table.

Every row of the tables below is one decision of ``access.py`` written out by hand (not computed
from the rules), so a change of the rules shows up here as a changed row.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from renaksi.web import access
from renaksi.web.access import Action
from renaksi.web.accounts.models import Profile, Role, Unit
from renaksi.web.plans import services
from renaksi.web.plans.models import Indicator, Node

from .conftest import SAMPLE, make_user

VIEW, EDIT, IMPORT = Action.VIEW, Action.EDIT, Action.IMPORT
ACTIONS = (VIEW, EDIT, IMPORT)
OK, NOT_FOUND, FORBIDDEN = "ok", Http404, PermissionDenied


# ---------------------------------------------------------------------------------------------
# The world: the conftest's kabupaten with Kaligondang and Bukateja, plus a second kabupaten
# (Banyumas) with one kecamatan, which nobody of Purbalingga may see.


@pytest.fixture
def banyumas(db):
    return Unit.objects.create(name="Kabupaten Banyumas", kind=Unit.Kind.KABUPATEN)


@pytest.fixture
def ajibarang(banyumas):
    return Unit.objects.create(
        name="Kecamatan Ajibarang", kind=Unit.Kind.KECAMATAN, parent=banyumas, bidang_code="7.01"
    )


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser(username="root", password="x-root-123456")


@pytest.fixture
def world(cast, root, kabupaten, kaligondang, bukateja, banyumas, ajibarang):
    return {
        **cast,
        "root": root,
        "anonymous": AnonymousUser(),
        "kabupaten": kabupaten,
        "kaligondang": kaligondang,
        "bukateja": bukateja,
        "banyumas": banyumas,
        "ajibarang": ajibarang,
    }


# ---------------------------------------------------------------------------------------------
# can(): every member of the cast × every unit × every action

# user → unit → (VIEW, EDIT, IMPORT)
CAN = {
    "alice": {  # operator of Kaligondang
        "kaligondang": (True, True, True),
        "bukateja": (False, False, False),
        "ajibarang": (False, False, False),
        "kabupaten": (False, False, False),
    },
    "dave": {  # head of Kaligondang
        "kaligondang": (True, False, False),
        "bukateja": (False, False, False),
        "ajibarang": (False, False, False),
        "kabupaten": (False, False, False),
    },
    "bob": {  # operator of Bukateja
        "kaligondang": (False, False, False),
        "bukateja": (True, True, True),
        "ajibarang": (False, False, False),
        "kabupaten": (False, False, False),
    },
    "charlie": {  # inspectorate of Purbalingga
        "kaligondang": (True, False, False),
        "bukateja": (True, False, False),
        "ajibarang": (False, False, False),
        "kabupaten": (True, False, False),
    },
    "erin": {  # administrator of Purbalingga
        "kaligondang": (True, True, True),
        "bukateja": (True, True, True),
        "ajibarang": (False, False, False),
        "kabupaten": (True, True, True),
    },
    "root": {  # superuser, no profile
        "kaligondang": (True, True, True),
        "bukateja": (True, True, True),
        "ajibarang": (True, True, True),
        "kabupaten": (True, True, True),
    },
    "anonymous": {
        "kaligondang": (False, False, False),
        "bukateja": (False, False, False),
        "ajibarang": (False, False, False),
        "kabupaten": (False, False, False),
    },
}

CAN_ROWS = [
    pytest.param(user, unit, action, allowed, id=f"{user}-{unit}-{action}")
    for user, units in CAN.items()
    for unit, row in units.items()
    for action, allowed in zip(ACTIONS, row, strict=True)
]


@pytest.mark.parametrize(("user", "unit", "action", "allowed"), CAN_ROWS)
def test_can(world, user, unit, action, allowed):
    assert access.can(world[user], world[unit], action) is allowed


# Report settings (who signs, on what paper): the unit's operator and head, the administrator.
SETTINGS_CAN = {
    "alice": {"kaligondang": True, "bukateja": False, "ajibarang": False},
    "dave": {"kaligondang": True, "bukateja": False, "ajibarang": False},
    "bob": {"kaligondang": False, "bukateja": True, "ajibarang": False},
    "charlie": {"kaligondang": False, "bukateja": False, "ajibarang": False},
    "erin": {"kaligondang": True, "bukateja": True, "ajibarang": False},
    "root": {"kaligondang": True, "bukateja": True, "ajibarang": True},
    "anonymous": {"kaligondang": False, "bukateja": False, "ajibarang": False},
}


@pytest.mark.parametrize(
    ("user", "unit", "allowed"),
    [
        (user, unit, allowed)
        for user, units in SETTINGS_CAN.items()
        for unit, allowed in units.items()
    ],
)
def test_can_change_report_settings(world, user, unit, allowed):
    assert access.can(world[user], world[unit], Action.SETTINGS) is allowed


# Penetapan (adopting a plan): the unit's head and the administrator; not the operator (who
# edits what the head adopts), nor the inspectorate (which reads).
ADOPT_CAN = {
    "alice": {"kaligondang": False, "bukateja": False, "ajibarang": False},
    "dave": {"kaligondang": True, "bukateja": False, "ajibarang": False},
    "bob": {"kaligondang": False, "bukateja": False, "ajibarang": False},
    "charlie": {"kaligondang": False, "bukateja": False, "ajibarang": False},
    "erin": {"kaligondang": True, "bukateja": True, "ajibarang": False},
    "root": {"kaligondang": True, "bukateja": True, "ajibarang": True},
    "anonymous": {"kaligondang": False, "bukateja": False, "ajibarang": False},
}


@pytest.mark.parametrize(
    ("user", "unit", "allowed"),
    [(user, unit, allowed) for user, units in ADOPT_CAN.items() for unit, allowed in units.items()],
)
def test_can_adopt(world, user, unit, allowed):
    assert access.can(world[user], world[unit], Action.ADOPT) is allowed


# user → (Kaligondang's plan, Bukateja's plan): what access_plan(..., ADOPT) answers.
ADOPT_ACCESS = {
    "alice": (FORBIDDEN, NOT_FOUND),
    "dave": (OK, NOT_FOUND),
    "bob": (NOT_FOUND, FORBIDDEN),
    "charlie": (FORBIDDEN, FORBIDDEN),
    "erin": (OK, OK),
    "root": (OK, OK),
    "anonymous": (NOT_FOUND, NOT_FOUND),
}


@pytest.mark.parametrize("user", list(ADOPT_ACCESS))
def test_access_plan_to_adopt(world, plan, other_plan, user):
    for p, expected in zip((plan, other_plan), ADOPT_ACCESS[user], strict=True):
        if expected == OK:
            assert access.access_plan(world[user], p.pk, Action.ADOPT) == p
        else:
            with pytest.raises(expected):
                access.access_plan(world[user], p.pk, Action.ADOPT)


# ---------------------------------------------------------------------------------------------
# access_*: 404 for what a user may not see, 403 for what they see but may not change


def expected_outcome(user: str, unit: str, action: Action):
    view, edit, import_ = CAN[user][unit]
    if not view:
        return NOT_FOUND
    return OK if {VIEW: view, EDIT: edit, IMPORT: import_}[action] else FORBIDDEN


@pytest.fixture
def objects(world, plan, other_plan):
    """One plan, node and indicator of Kaligondang and of Bukateja."""
    out = {}
    for unit, p in (("kaligondang", plan), ("bukateja", other_plan)):
        node = Node.objects.filter(plan=p, level="subkegiatan").order_by("id").first()
        indicator = Indicator.objects.filter(node__plan=p).order_by("id").first()
        out[unit] = {
            "unit": (access.access_unit, world[unit].pk, world[unit]),
            "plan": (access.access_plan, p.pk, p),
            "node": (access.access_node, node.pk, node),
            "indicator": (access.access_indicator, indicator.pk, indicator),
        }
    return out


ACCESS_ROWS = [
    pytest.param(user, unit, kind, action, id=f"{user}-{unit}-{kind}-{action}")
    for user in CAN
    for unit in ("kaligondang", "bukateja")
    for kind in ("unit", "plan", "node", "indicator")
    for action in ACTIONS
]


@pytest.mark.parametrize(("user", "unit", "kind", "action"), ACCESS_ROWS)
def test_access_functions(world, objects, user, unit, kind, action):
    function, pk, obj = objects[unit][kind]
    expected = expected_outcome(user, unit, action)
    if expected == OK:
        assert function(world[user], pk, action) == obj
    else:
        with pytest.raises(expected):
            function(world[user], pk, action)


@pytest.mark.parametrize("user", list(CAN))
def test_default_action_is_view(world, objects, user):
    for kind in ("unit", "plan", "node", "indicator"):
        function, pk, obj = objects["kaligondang"][kind]
        if CAN[user]["kaligondang"][0]:
            assert function(world[user], pk) == obj
        else:
            with pytest.raises(Http404):
                function(world[user], pk)


@pytest.mark.parametrize(
    "function",
    [access.access_unit, access.access_plan, access.access_node, access.access_indicator],
)
@pytest.mark.parametrize("user", ["root", "erin", "alice", "anonymous"])
def test_missing_objects_are_404(world, function, user):
    for action in ACTIONS:
        with pytest.raises(Http404):
            function(world[user], 987654, action)


@pytest.mark.parametrize("user", ["root", "erin", "charlie"])
def test_the_kabupaten_itself_is_not_a_unit_page(world, user):
    # access_unit serves units, not kabupaten: even those who may act on the kabupaten get a 404.
    with pytest.raises(Http404):
        access.access_unit(world[user], world["kabupaten"].pk)


# ---------------------------------------------------------------------------------------------
# access_import: an import waiting for confirmation belongs to its author alone


@pytest.fixture
def session(world):
    with SAMPLE.open("rb") as fh:
        upload = SimpleUploadedFile(SAMPLE.name, fh.read(), content_type="text/plain")
    return services.stage_import(
        unit=world["kaligondang"],
        year=2022,
        version="murni",
        upload=upload,
        user=world["alice"],
        max_bytes=20 * 1024 * 1024,
    )


# user → (VIEW, IMPORT) on alice's pending import of Kaligondang
IMPORT_ACCESS = {
    "alice": (OK, OK),  # the author
    "root": (OK, OK),  # superuser
    "erin": (NOT_FOUND, NOT_FOUND),  # may import into Kaligondang, but it is not her import
    "dave": (NOT_FOUND, FORBIDDEN),  # sees the unit, may not import; not his import either
    "charlie": (NOT_FOUND, FORBIDDEN),  # idem
    "bob": (NOT_FOUND, NOT_FOUND),  # another unit
    "anonymous": (NOT_FOUND, NOT_FOUND),
}


@pytest.mark.parametrize(
    ("user", "action", "expected"),
    [
        pytest.param(user, action, outcome, id=f"{user}-{action}")
        for user, row in IMPORT_ACCESS.items()
        for action, outcome in zip((VIEW, IMPORT), row, strict=True)
    ],
)
def test_access_import(world, session, user, action, expected):
    if expected == OK:
        assert access.access_import(world[user], session.pk, action) == session
    else:
        with pytest.raises(expected):
            access.access_import(world[user], session.pk, action)


@pytest.mark.parametrize("user", ["alice", "root", "erin", "bob", "anonymous"])
def test_access_import_default_action_and_missing_session(world, session, user):
    import uuid

    with pytest.raises(Http404):
        access.access_import(world[user], uuid.uuid4())
    if user in ("alice", "root"):
        assert access.access_import(world[user], session.pk) == session
    else:
        with pytest.raises(Http404):
            access.access_import(world[user], session.pk)


def test_access_import_of_an_inactive_author(world, session):
    alice = world["alice"]
    alice.is_active = False
    alice.save()
    for action in (VIEW, IMPORT):
        with pytest.raises(Http404):
            access.access_import(alice, session.pk, action)


# ---------------------------------------------------------------------------------------------
# visible_units per role

VISIBLE = {
    "alice": {"kaligondang"},
    "dave": {"kaligondang"},
    "bob": {"bukateja"},
    "charlie": {"kaligondang", "bukateja"},
    "erin": {"kaligondang", "bukateja"},
    "root": {"kaligondang", "bukateja", "ajibarang"},
    "anonymous": set(),
}


@pytest.mark.parametrize(("user", "units"), VISIBLE.items())
def test_visible_units(world, user, units):
    visible = set(access.visible_units(world[user]))
    assert visible == {world[u] for u in units}
    # Never a kabupaten: they are not units one browses.
    assert not any(u.parent_id is None for u in visible)


# ---------------------------------------------------------------------------------------------
# Accounts that may do nothing at all


def refused_everything(world, objects, user):
    for unit in ("kaligondang", "bukateja", "ajibarang", "kabupaten"):
        for action in ACTIONS:
            assert access.can(user, world[unit], action) is False
    for unit in ("kaligondang", "bukateja"):
        for function, pk, _obj in objects[unit].values():
            for action in ACTIONS:
                with pytest.raises(Http404):
                    function(user, pk, action)
    assert not access.visible_units(user).exists()


@pytest.mark.parametrize("user", ["alice", "dave", "bob", "charlie", "erin", "root"])
def test_inactive_users_are_refused_everything(world, objects, user):
    account = world[user]
    account.is_active = False
    account.save()
    refused_everything(world, objects, get_user_model().objects.get(pk=account.pk))


def test_anonymous_is_refused_everything(world, objects):
    refused_everything(world, objects, AnonymousUser())


def test_a_user_without_a_profile_is_refused_everything(world, objects):
    mallory = get_user_model().objects.create_user(username="mallory", password="x-mallory-123")
    refused_everything(world, objects, mallory)


def test_staff_without_a_profile_is_refused_everything(world, objects):
    # Being able to log into /admin/ is no role in Renaksi.
    staff = get_user_model().objects.create_user(
        username="staff", password="x-staff-123", is_staff=True
    )
    refused_everything(world, objects, staff)


def test_superuser_is_allowed_everything(world, objects):
    root = world["root"]
    for unit in ("kaligondang", "bukateja", "ajibarang", "kabupaten"):
        for action in ACTIONS:
            assert access.can(root, world[unit], action) is True
    for unit in ("kaligondang", "bukateja"):
        for function, pk, obj in objects[unit].values():
            for action in ACTIONS:
                assert function(root, pk, action) == obj


def test_a_profile_follows_the_role_change(world, objects):
    # The rules read the profile as it is now: demoting alice to head takes her edits away.
    alice = world["alice"]
    Profile.objects.filter(user=alice).update(role=Role.HEAD)
    alice = get_user_model().objects.get(pk=alice.pk)
    assert access.can(alice, world["kaligondang"], VIEW) is True
    assert access.can(alice, world["kaligondang"], EDIT) is False
    function, pk, _obj = objects["kaligondang"]["plan"]
    with pytest.raises(PermissionDenied):
        function(alice, pk, EDIT)


def test_an_operator_moved_to_another_unit_loses_the_old_one(world, objects):
    frank = make_user("frank", Role.OPERATOR, world["bukateja"])
    assert access.can(frank, world["kaligondang"], VIEW) is False
    Profile.objects.filter(user=frank).update(unit=world["kaligondang"])
    frank = get_user_model().objects.get(pk=frank.pk)
    assert access.can(frank, world["kaligondang"], EDIT) is True
    assert access.can(frank, world["bukateja"], VIEW) is False


# ---------------------------------------------------------------------------------------------
# Monitoring: access_realisation (the plan's unit, with the monitoring actions) and
# access_kabupaten (the kabupaten pages: due dates, late units)

REPORT, VERIFY, UNLOCK, DEADLINE = Action.REPORT, Action.VERIFY, Action.UNLOCK, Action.DEADLINE
MONITORING_ACTIONS = (VIEW, REPORT, VERIFY, UNLOCK)
_NONE = (NOT_FOUND,) * 4
# user → unit → outcome of (VIEW, REPORT, VERIFY, UNLOCK) on a realisation of that unit
REALISATION_ACCESS = {
    "alice": {"kaligondang": (OK, OK, FORBIDDEN, FORBIDDEN), "bukateja": _NONE},
    "dave": {"kaligondang": (OK, FORBIDDEN, OK, FORBIDDEN), "bukateja": _NONE},
    "bob": {"kaligondang": _NONE, "bukateja": (OK, OK, FORBIDDEN, FORBIDDEN)},
    "charlie": {
        "kaligondang": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "bukateja": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "erin": {"kaligondang": (OK, OK, OK, OK), "bukateja": (OK, OK, OK, OK)},
    "root": {"kaligondang": (OK, OK, OK, OK), "bukateja": (OK, OK, OK, OK)},
    "anonymous": {"kaligondang": _NONE, "bukateja": _NONE},
}


@pytest.fixture
def realisations(world, plan, other_plan):
    from renaksi.web.monitoring import services as monitoring

    out = {}
    for unit, p, who in (("kaligondang", plan, "alice"), ("bukateja", other_plan, "bob")):
        indicator = Indicator.objects.filter(node__plan=p).order_by("id").first()
        out[unit] = monitoring.save_realisation(
            indicator=indicator, period="TW1", value=1, expected_version=None, user=world[who]
        )
    return out


@pytest.mark.parametrize(
    ("user", "unit", "action", "expected"),
    [
        pytest.param(user, unit, action, outcome, id=f"{user}-{unit}-{action}")
        for user, units in REALISATION_ACCESS.items()
        for unit, row in units.items()
        for action, outcome in zip(MONITORING_ACTIONS, row, strict=True)
    ],
)
def test_access_realisation(world, realisations, user, unit, action, expected):
    realisation = realisations[unit]
    if expected == OK:
        got = access.access_realisation(world[user], realisation.pk, action)
        assert got == realisation
        assert got.indicator.node.plan.unit == world[unit]
    else:
        with pytest.raises(expected):
            access.access_realisation(world[user], realisation.pk, action)


@pytest.mark.parametrize("user", ["root", "erin", "alice", "anonymous"])
def test_access_realisation_missing_is_404(world, user):
    with pytest.raises(Http404):
        access.access_realisation(world[user], 987654, VIEW)


# user → (VIEW, DEADLINE) on the kabupaten pages; OK means the kabupaten returned is theirs.
KABUPATEN_ACCESS = {
    "alice": (FORBIDDEN, FORBIDDEN),  # a unit's operator: not the kabupaten's pages
    "dave": (FORBIDDEN, FORBIDDEN),
    "bob": (FORBIDDEN, FORBIDDEN),
    "charlie": (OK, FORBIDDEN),  # the inspectorate reads them
    "erin": (OK, OK),  # the administrator sets due dates
    "root": (OK, OK),
    "anonymous": (NOT_FOUND, NOT_FOUND),
}


@pytest.mark.parametrize(
    ("user", "action", "expected"),
    [
        pytest.param(user, action, outcome, id=f"{user}-{action}")
        for user, row in KABUPATEN_ACCESS.items()
        for action, outcome in zip((VIEW, DEADLINE), row, strict=True)
    ],
)
def test_access_kabupaten(world, user, action, expected):
    kabupaten = world["kabupaten"]
    if expected == OK:
        assert access.access_kabupaten(world[user], action, kabupaten.pk) == kabupaten
    else:
        with pytest.raises(expected):
            access.access_kabupaten(world[user], action, kabupaten.pk)


def test_access_kabupaten_is_the_profiles_own_whatever_is_asked(world):
    # erin asking for Banyumas still gets Purbalingga, hers; a superuser chooses (first by name).
    assert access.access_kabupaten(world["erin"], VIEW, world["banyumas"].pk) == world["kabupaten"]
    assert access.access_kabupaten(world["root"], VIEW, world["banyumas"].pk) == world["banyumas"]
    assert access.access_kabupaten(world["root"], VIEW) == world["banyumas"]
    with pytest.raises(Http404):
        access.access_kabupaten(world["root"], VIEW, world["kaligondang"].pk)  # not a kabupaten


def test_access_kabupaten_refuses_accounts_without_a_role(world):
    mallory = get_user_model().objects.create_user(username="mallory", password="x-mallory-123")
    with pytest.raises(Http404):
        access.access_kabupaten(mallory, VIEW)
    erin = world["erin"]
    erin.is_active = False
    erin.save()
    with pytest.raises(Http404):
        access.access_kabupaten(get_user_model().objects.get(pk=erin.pk), VIEW)


@pytest.mark.parametrize(
    ("user", "oversees"),
    [
        ("alice", False),
        ("dave", False),
        ("bob", False),
        ("charlie", True),
        ("erin", True),
        ("root", True),
        ("anonymous", False),
    ],
)
def test_oversees_kabupaten(world, user, oversees):
    assert access.oversees_kabupaten(world[user]) is oversees
