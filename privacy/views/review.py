"""Placeholder until this module is built."""

from django.http import Http404


def review_queue(request, **kwargs):
    raise Http404


def review_detail(request, **kwargs):
    raise Http404


def my_questions(request, **kwargs):
    raise Http404


def question_answer(request, **kwargs):
    raise Http404
