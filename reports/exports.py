"""A report as files: one CSV per table, all of them in a ZIP, and the A4 PDF. Every file
is made from the same suppressed tables as the dashboard, so no format shows more."""

from __future__ import annotations

import csv
import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from doorbraak.pdf import render_pdf

from .charts import trend_charts
from .figures import DEFINITIONS, Report
from .tables import Table

# Dutch spreadsheets expect a semicolon between fields and a decimal comma; the byte order
# mark makes them read the file as UTF-8 (ë, €).
CSV_DIALECT = {"delimiter": ";", "lineterminator": "\r\n"}


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Texts typed by people (policy signals, catalogue names) never become formulas."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(table: Table, report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, **CSV_DIALECT)
    writer.writerow([table.row_header, *(c.csv_label for c in table.columns)])
    for row in table.all_rows():
        values = [cell.csv if cell.is_numeric else spreadsheet_safe(cell.csv) for cell in row.cells]
        writer.writerow([spreadsheet_safe(row.label), *values])
    writer.writerow([])
    writer.writerow([table.title])
    writer.writerow([_("Periode"), report.period.label])
    writer.writerow([_("Vorige periode"), report.previous.label])
    writer.writerow([_("Teams"), report.scope.label])
    writer.writerow([_("<5"), _("minder dan 5")])
    writer.writerow([_("x"), _("verborgen: berekend uit minder dan 5, of terug te rekenen")])
    if table.note:
        writer.writerow([_("Toelichting"), table.note])
    return out.getvalue()


def csv_bytes(table: Table, report: Report) -> bytes:
    return ("\ufeff" + csv_text(table, report)).encode("utf-8")


def file_stem(report: Report) -> str:
    return f"rapportage-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}"


def zip_bytes(report: Report) -> bytes:
    """Every table of the report as its own CSV file, numbered in report order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, table in enumerate(report.tables(), start=1):
            archive.writestr(f"{number:02d}-{table.key}.csv", csv_bytes(table, report))
    return buffer.getvalue()


def pdf_bytes(report: Report) -> bytes:
    context = {
        "report": report,
        "charts": trend_charts(report.trend, prefix="pdf-trend", width=420),
        "definitions": DEFINITIONS,
        "printed_at": timezone.localtime(report.generated_at),
    }
    return render_pdf("reports/pdf/report.html", context)
