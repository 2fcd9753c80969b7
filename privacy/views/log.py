"""Placeholder until this module is built."""

from django.http import Http404


def dashboard(request, **kwargs):
    raise Http404


def log_search(request, **kwargs):
    raise Http404


def log_for_resident(request, **kwargs):
    raise Http404


def log_for_user(request, **kwargs):
    raise Http404
