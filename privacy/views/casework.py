"""Placeholder until this module is built."""

from django.http import Http404


def emergency_access_start(request, **kwargs):
    raise Http404


def emergency_access_end(request, **kwargs):
    raise Http404


def share_add(request, **kwargs):
    raise Http404


def consent_add(request, **kwargs):
    raise Http404


def consent_withdraw(request, **kwargs):
    raise Http404
