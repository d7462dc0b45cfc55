"""Placeholder: being written (browse and edit views)."""

from django.http import HttpResponse


def home(request, **kwargs):
    return HttpResponse(status=501)


def unit_list(request, **kwargs):
    return HttpResponse(status=501)


def unit_detail(request, **kwargs):
    return HttpResponse(status=501)


def plan_detail(request, **kwargs):
    return HttpResponse(status=501)


def plan_json(request, **kwargs):
    return HttpResponse(status=501)


def node_add(request, **kwargs):
    return HttpResponse(status=501)


def node_edit(request, **kwargs):
    return HttpResponse(status=501)


def node_delete(request, **kwargs):
    return HttpResponse(status=501)


def node_move(request, **kwargs):
    return HttpResponse(status=501)


def indicator_add(request, **kwargs):
    return HttpResponse(status=501)


def indicator_edit(request, **kwargs):
    return HttpResponse(status=501)


def indicator_delete(request, **kwargs):
    return HttpResponse(status=501)


def indicator_move(request, **kwargs):
    return HttpResponse(status=501)
