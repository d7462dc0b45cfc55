"""Placeholder: being written (import views)."""

from django.http import HttpResponse


def import_upload(request, **kwargs):
    return HttpResponse(status=501)


def import_preview(request, **kwargs):
    return HttpResponse(status=501)


def import_confirm(request, **kwargs):
    return HttpResponse(status=501)


def import_cancel(request, **kwargs):
    return HttpResponse(status=501)
