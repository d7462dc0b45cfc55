"""The audit log: one helper through which every change is recorded (docs/security.md, "Audit log").

Every write service (``plans.services``, ``monitoring.services``, ``reportjobs.services``), the
account pages (password, second factor) and the login signals call ``record`` (or
``record_many``) inside the transaction of their write. An entry says who, when, in which unit
(and plan, node, indicator, period), what (``field``: old → new) and why (``reason``).

Values are compared as they are shown (``shown``: ``Decimal("1.000")``, ``1`` and ``"1"`` are
the same value), and a change whose old and new values are the same records nothing. An entry
without a ``field`` (a login, a logout) is an event and is always recorded.

Entries are rows of ``monitoring.History``; they cannot be deleted through the application.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# How much of a name tried at a failed login is kept.
USERNAME_LIMIT = 150
_TEXT_LIMIT = 20_000


def shown(value) -> str:
    """A value as the log keeps it: ``None`` → "", a number without trailing zeros, a date in
    ISO form, a boolean as "yes"/"no", anything else as its text (a text is never read as a
    number: the codes "007" and "7" differ)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _person(user):
    return user if getattr(user, "pk", None) else None


def entry(
    *,
    user,
    kind: str,
    unit=None,
    plan=None,
    node=None,
    indicator=None,
    period: str = "",
    subject: str = "",
    field: str = "",
    old="",
    new="",
    reason: str = "",
):
    """The History row of one change (unsaved), or None when nothing changed."""
    from .monitoring.models import History

    old_text, new_text = shown(old), shown(new)
    if field and old_text == new_text:
        return None
    unit_id = getattr(unit, "pk", unit)
    if unit_id is None and plan is not None:
        unit_id = plan.unit_id
    return History(
        plan=plan,
        unit_id=unit_id,
        node=node,
        indicator=indicator,
        period=period or "",
        subject=(subject or "")[:500],
        kind=kind,
        field=(field or "")[:40],
        old=old_text[:_TEXT_LIMIT],
        new=new_text[:_TEXT_LIMIT],
        reason=(reason or "")[:_TEXT_LIMIT],
        user=_person(user),
    )


def record(**kwargs):
    """Record one change (see ``entry`` for the arguments); returns the entry, or None when the
    old and new values are the same."""
    row = entry(**kwargs)
    if row is not None:
        row.save()
    return row


def record_many(changes: list[dict]) -> list:
    """Record several changes in one statement; unchanged values are left out."""
    from .monitoring.models import History

    rows = [row for row in (entry(**change) for change in changes) if row is not None]
    if rows:
        History.objects.bulk_create(rows)
    return rows


# ---------------------------------------------------------------------------------------------
# Logins (connected in ``accounts.apps``)


def _unit_of(user):
    profile = getattr(user, "profile", None) if user is not None else None
    return getattr(profile, "unit_id", None)


def _address(request) -> str:
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "") or ""


def on_logged_in(sender, request, user, **kwargs) -> None:
    from .monitoring.models import History

    record(
        user=user,
        unit=_unit_of(user),
        kind=History.Kind.LOGIN,
        subject=user.get_username()[:USERNAME_LIMIT],
        new=_address(request),
    )


def on_logged_out(sender, request, user, **kwargs) -> None:
    from .monitoring.models import History

    if user is None or not getattr(user, "pk", None):
        return
    record(
        user=user,
        unit=_unit_of(user),
        kind=History.Kind.LOGOUT,
        subject=user.get_username()[:USERNAME_LIMIT],
        new=_address(request),
    )


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """A failed login: the name tried (cut to ``USERNAME_LIMIT``), never the password; the
    account when the name is one."""
    from django.contrib.auth import get_user_model

    from .monitoring.models import History

    name = str((credentials or {}).get("username") or "")[:USERNAME_LIMIT]
    user = None
    if name:
        user = get_user_model().objects.filter(username=name).select_related("profile").first()
    record(
        user=user,
        unit=_unit_of(user),
        kind=History.Kind.LOGIN_FAILED,
        subject=name,
        new=_address(request),
    )


# ---------------------------------------------------------------------------------------------
# Entries outlive what they are about (connected in ``monitoring.apps``)


def on_unit_deleted(sender, instance, **kwargs) -> None:
    """A unit about to be deleted: its entries keep its name (the link is cleared)."""
    from .monitoring.models import History

    History.objects.filter(unit_id=instance.pk, unit_name="").update(unit_name=instance.name[:200])


def on_plan_deleted(sender, instance, **kwargs) -> None:
    """A plan about to be deleted (with its nodes and indicators): its entries name what they
    were about, as a node's deletion through the plan editor does."""
    from .monitoring.models import History
    from .plans.models import Indicator, Node
    from .plans.services import _keep_history

    _keep_history(
        plan_id=instance.pk,
        node_ids=list(Node.objects.filter(plan_id=instance.pk).values_list("id", flat=True)),
        indicator_ids=list(
            Indicator.objects.filter(node__plan_id=instance.pk).values_list("id", flat=True)
        ),
    )
    History.objects.filter(
        plan_id=instance.pk, subject="", node__isnull=True, indicator__isnull=True
    ).update(subject=f"{instance.year} {instance.version} revisi {instance.revision}"[:500])
