"""The beleidsmedewerker's and teamleider's reports at /rapportages/: the dashboard, the CSV
files, and the PDF made in the background. Thin: the figures come from reports.figures,
who may see which teams from reports.permissions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import exports, services
from .charts import trend_charts
from .figures import DEFINITIONS, build_report
from .forms import ReportFilterForm, period_presets
from .permissions import access_export, reports_view
from .selectors import recent_exports

RECENT_EXPORTS = 5


def _filter_form(request) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, user=request.user)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


@reports_view("GET")
def dashboard(request):
    form = _filter_form(request)
    context = {
        "form": form,
        "presets": [
            (label, urlencode({"start": p.start.isoformat(), "end": p.end.isoformat()}))
            for label, p in period_presets()
        ],
        "exports": recent_exports(request.user, limit=RECENT_EXPORTS),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    report = build_report(scope=form.scope(), period=form.period())
    context.update(
        report=report,
        charts=trend_charts(report.trend),
        definitions=DEFINITIONS,
        query=urlencode(form.query()),
    )
    return _no_store(render(request, "reports/dashboard.html", context))


def _report_or_404(request):
    """The report for a download link; a link with a bad filter leads nowhere."""
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        raise Http404
    return build_report(scope=form.scope(), period=form.period())


@reports_view("GET")
def table_csv(request, key: str):
    report = _report_or_404(request)
    table = report.table(key)
    if table is None:
        raise Http404
    response = HttpResponse(
        exports.csv_bytes(table, report), content_type="text/csv; charset=utf-8"
    )
    stem = exports.file_stem(report)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{table.key}.csv"'
    return _no_store(response)


@reports_view("GET")
def all_csv(request):
    report = _report_or_404(request)
    response = HttpResponse(exports.zip_bytes(report), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{exports.file_stem(report)}-csv.zip"'
    return _no_store(response)


@reports_view("POST")
def export_create(request):
    form = ReportFilterForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(
            request,
            _("Het rapport kon niet worden aangevraagd: controleer de periode en het team."),
        )
        return redirect(reverse("reports:dashboard"))
    export = services.export_request(
        acting_user=request.user, period=form.period(), team=form.cleaned_data.get("team")
    )
    return redirect(reverse("reports:export_detail", kwargs={"export_id": export.pk}))


@reports_view("GET")
def export_detail(request, export_id: int):
    export = access_export(request, export_id)
    # The page once; then htmx polls the status fragment until the export is finished.
    template = (
        "reports/partials/export_status.html" if request.htmx else "reports/export_detail.html"
    )
    return _no_store(render(request, template, {"export": export, "polled": bool(request.htmx)}))


@reports_view("GET")
def export_download(request, export_id: int):
    export = access_export(request, export_id)
    if not export.is_ready:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=True, filename=export.filename
    )
    return _no_store(response)
