"""Template helpers of monitoring: ``{% load monitoring %}``."""

from django import template

from ... import access

register = template.Library()


@register.filter
def oversees_kabupaten(user) -> bool:
    """Does the navigation offer the kabupaten pages (due dates, late units)? The gatekeeper says."""
    return access.oversees_kabupaten(user)
