"""Management reports in a real browser, with a real Celery worker making the PDF (through
Redis in CI, Celery's in-memory transport elsewhere; see tests/worker.py).

A beleidsmedewerker logs in, lands on the reports, chooses a period and a team, reads the
figures, downloads one table and all tables as CSV, asks for the PDF, watches its progress
and downloads it: every file holds the figures of the constructed data set and none of the
residents' names, BSNs, addresses or dates of birth. A teamleider sees their own team only;
an address with another team, and a period that ends before it starts, get a Dutch error.
The data set and the expected figures are those of tests/reports/test_worker.py."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.constants import Role
from accounts.services import user_create
from tests.browser.conftest import PASSWORD
from tests.doorbraak.test_pdf import pdf_text
from tests.reports.test_worker import (
    ALL_TEAMS_NEW,
    RENDER_TASK,
    TEAM_A_NEW,
    TEAM_A_OPEN_AT_END,
    DataSet,
    assert_no_personal_data,
    assert_team_a_figures,
    build_data_set,
)
from tests.worker import celery_worker_fixture  # noqa: F401 (the celery_worker fixture)

PDF_TIMEOUT = 60.0  # seconds; the worker renders the PDF in a few, CI machines are slower


@pytest.fixture
def beleidsmedewerker(db):
    """The policy officer of tests/conftest.py, with a password to log in with."""
    return user_create(
        username="bas",
        first_name="Bas",
        last_name="Kramer",
        roles=[Role.BELEIDSMEDEWERKER],
        password=PASSWORD,
    )


@pytest.fixture
def data_set(celery_worker, professional_a, professional_b, settings, tmp_path) -> DataSet:
    settings.MEDIA_ROOT = tmp_path / "media"  # where the worker saves the PDF
    return build_data_set(professional_a=professional_a, professional_b=professional_b)


def _heading(page):
    return page.get_by_role("heading", level=1)


def _label(period) -> str:
    with translation.override("nl"):
        return period.label


def _choose(page, period, team: str | None = None) -> None:
    page.get_by_label("Van", exact=True).fill(period.start.isoformat())
    page.get_by_label("Tot en met", exact=True).fill(period.end.isoformat())
    if team:
        page.get_by_label("Team", exact=True).select_option(label=team)


def _key_figures(page):
    return page.get_by_role("region", name="Kerncijfers", exact=True)


def _key_figure(page, label: str):
    """The value of one key figure on the dashboard."""
    figure = (
        _key_figures(page).locator(".key-figure").filter(has=page.get_by_text(label, exact=True))
    )
    return figure.locator(".key-figure__value")


def _csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")  # a byte order mark, for Excel
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _assert_flow_csv(rows: list[list[str]], data_set: DataSet) -> None:
    """The table "Instroom en uitstroom" of team A: figures, then what they cover."""
    assert rows[0] == ["Casussen", "Deze periode", "Vorige periode"]
    assert rows[1] == ["Nieuwe meldingen", str(TEAM_A_NEW), "<5"]
    assert rows[2] == ["Afgesloten casussen", "<5", "<5"]
    assert rows[3] == ["Open aan het eind van de periode", str(TEAM_A_OPEN_AT_END), "<5"]
    assert ["Periode", _label(data_set.period)] in rows
    assert ["Teams", "Wijkteam Noord"] in rows


def test_beleidsmedewerker_reads_the_figures_and_downloads_the_csvs_and_the_pdf(
    page, log_in, beleidsmedewerker, data_set, celery_worker, artifacts_dir, tmp_path
):
    period = data_set.period
    stem = f"rapportage-{period.start:%Y%m%d}-{period.end:%Y%m%d}"

    # 1. Logging in leads straight to the reports.
    log_in(beleidsmedewerker)
    expect(page).to_have_url(re.compile(r"/rapportages/$"))
    expect(_heading(page)).to_have_text("Rapportages")

    # 2. The period, all teams: both teams' reports count.
    _choose(page, period)
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_role("heading", name=f"Alle teams · {_label(period)}")).to_be_visible()
    expect(_key_figure(page, "Nieuwe meldingen")).to_have_text(str(ALL_TEAMS_NEW))

    # 3. Team A only: the figures of that team in the period.
    page.get_by_label("Team", exact=True).select_option(label="Wijkteam Noord (Noord)")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_role("heading", name=f"Wijkteam Noord · {_label(period)}")).to_be_visible()
    expect(_key_figure(page, "Nieuwe meldingen")).to_have_text(str(TEAM_A_NEW))
    expect(_key_figure(page, "Afgesloten casussen")).to_have_text("<5")
    expect(_key_figure(page, "Open casussen aan het eind van de periode")).to_have_text(
        str(TEAM_A_OPEN_AT_END)
    )
    flow = page.get_by_role("table", name="Instroom en uitstroom")
    expect(flow.get_by_role("row", name=re.compile("^Nieuwe meldingen"))).to_have_text(
        re.compile(rf"Nieuwe meldingen\s*{TEAM_A_NEW}\s*<5")
    )
    assert_no_personal_data(page.get_by_role("main").inner_text(), data_set)
    page.screenshot(path=artifacts_dir / "reports_dashboard.png", full_page=True)

    # 4. One table as CSV, from the keyboard: the figures and what they cover.
    with page.expect_download() as table_download:
        page.get_by_role("link", name=re.compile(r"^CSV\s*: Instroom en uitstroom$")).press("Enter")
    download = table_download.value
    assert download.suggested_filename == f"{stem}-instroom-uitstroom.csv"
    table_path = tmp_path / download.suggested_filename
    download.save_as(table_path)
    _assert_flow_csv(_csv_rows(table_path.read_bytes()), data_set)

    # 5. All tables in one ZIP, the same figures in it, no resident in any file.
    with page.expect_download() as zip_download:
        page.get_by_role("link", name="Alle tabellen als CSV (zip)").click()
    download = zip_download.value
    assert download.suggested_filename == f"{stem}-csv.zip"
    zip_path = tmp_path / download.suggested_filename
    download.save_as(zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert "01-kerncijfers.csv" in files
    flow_file = next(name for name in files if name.endswith("-instroom-uitstroom.csv"))
    assert files[flow_file] == table_path.read_bytes()  # the same file as the single one
    key_rows = _csv_rows(files["01-kerncijfers.csv"])
    assert ["Nieuwe meldingen", str(TEAM_A_NEW), "<5"] == key_rows[1][:3]
    assert_no_personal_data(
        "\n".join(content.decode("utf-8-sig") for content in files.values()), data_set
    )

    # 6. The PDF: asked for, queued (the worker is held until the page has been seen),
    # then made in the background while the page follows its progress.
    with celery_worker.hold(RENDER_TASK) as held:
        page.get_by_role("button", name="Maak PDF-rapport").click()
        expect(_heading(page)).to_have_text("PDF-rapport")
        expect(page).to_have_url(re.compile(r"/rapportages/pdf/\d+/$"))
        expect(page.get_by_role("main")).to_contain_text("Wijkteam Noord")
        progress = page.get_by_role("progressbar", name="In de wachtrij")
        expect(progress).to_have_attribute("value", "0")
        expect(page.get_by_role("main")).to_contain_text("0% klaar")
        held.wait_received()
        held.release()
    download_link = page.get_by_role("link", name="PDF downloaden")
    celery_worker.wait_until(  # the page polls; a task that fails ends the wait at once
        download_link.is_visible, timeout=PDF_TIMEOUT, what="the link to the finished PDF"
    )
    # Told once through the page's live region, for those who do not see the page change.
    expect(page.get_by_role("status")).to_have_text(
        "Het rapport is klaar. Je kunt de PDF nu downloaden."
    )
    expect(page.get_by_role("progressbar")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "reports_pdf_ready.png", full_page=True)

    # 7. The PDF itself, downloaded: the figures of team A, nobody's personal data.
    with page.expect_download() as pdf_download:
        download_link.click()
    download = pdf_download.value
    assert download.suggested_filename == f"{stem}.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert_team_a_figures(text, period)
    assert_no_personal_data(text, data_set)


def test_teamleider_sees_only_their_team_and_bad_filters_are_refused_in_dutch(
    page, log_in, teamleider_a, team_b, data_set
):
    period = data_set.period
    log_in(teamleider_a)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Rapportages", exact=True
    ).click()
    expect(_heading(page)).to_have_text("Rapportages")

    # Their own team is the only one to choose.
    team = page.get_by_label("Team", exact=True)
    expect(team.locator("option")).to_have_text(["Wijkteam Noord (Noord)"])

    # The period, submitted from the keyboard (Enter in a field submits the filter).
    _choose(page, period)
    page.get_by_label("Tot en met", exact=True).press("Enter")
    expect(page.get_by_role("heading", name=f"Wijkteam Noord · {_label(period)}")).to_be_visible()
    expect(_key_figure(page, "Nieuwe meldingen")).to_have_text(str(TEAM_A_NEW))  # not team B's
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Wijkteam Zuid")
    assert_no_personal_data(main.inner_text(), data_set)

    # Team B's figures through an edited address: refused, in Dutch, without figures.
    page.goto(
        f"/rapportages/?start={period.start.isoformat()}&end={period.end.isoformat()}"
        f"&team={team_b.pk}"
    )
    expect(page.get_by_role("alert")).to_contain_text("Team: Kies een team uit de lijst.")
    expect(_key_figures(page)).to_have_count(0)
    expect(main).not_to_contain_text("Wijkteam Zuid")

    # The end before the start: a Dutch error on the form, no figures.
    page.get_by_label("Van", exact=True).fill(period.end.isoformat())
    page.get_by_label("Tot en met", exact=True).fill(period.start.isoformat())
    page.get_by_role("button", name="Toon cijfers").click()
    message = "De einddatum ligt vóór de begindatum. Kies een einddatum op of na de begindatum."
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er is iets niet goed ingevuld")
    summary_link = summary.get_by_role("link", name=f"Tot en met: {message}")
    expect(summary_link).to_be_visible()
    end = page.get_by_label("Tot en met", exact=True)
    expect(end).to_have_value(period.start.isoformat())  # what was typed is kept
    expect(page.locator(".field__error")).to_have_text(f"Fout: {message}")
    expect(_key_figures(page)).to_have_count(0)
    summary_link.press("Enter")  # the summary leads to the field
    expect(end).to_be_focused()
