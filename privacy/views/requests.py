"""Placeholder until this module is built."""

from django.http import Http404


def resident_privacy(request, **kwargs):
    raise Http404


def access_request(request, **kwargs):
    raise Http404


def access_request_pdf(request, **kwargs):
    raise Http404


def access_request_json(request, **kwargs):
    raise Http404
