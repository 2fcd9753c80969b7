"""Placeholder until this module is built."""

from django.http import Http404


def retention_overview(request, **kwargs):
    raise Http404


def legal_hold(request, **kwargs):
    raise Http404


def rectification(request, **kwargs):
    raise Http404


def erasure(request, **kwargs):
    raise Http404
