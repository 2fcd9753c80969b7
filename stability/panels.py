"""What the case page shows of stability: per resident the latest legs as bars, the trend
as a chart and a table, the decline signal and the ZRM per life domain."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .charts import LEG_SHORT_LABELS, leg_bars_svg, leg_trend_svg
from .models import StabilityAssessment
from .selectors import case_assessment_series, case_zrm_series, zrm_domain_rows


@dataclass
class ResidentStability:
    resident: object
    assessments: list[StabilityAssessment]
    bars: SafeString | None = None
    trend: SafeString | None = None
    zrm_dates: list[date] = field(default_factory=list)
    zrm_rows: list[dict] = field(default_factory=list)

    @property
    def latest(self) -> StabilityAssessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def declined(self) -> bool:
        return bool(self.latest and self.latest.declined)

    @property
    def decline_reasons(self) -> list[str]:
        """What declined, in words: "Leefomgeving 4 → 2", "Meedoen op 1"."""
        if not self.declined:
            return []
        latest = self.latest.legs
        previous = self.assessments[-2].legs if len(self.assessments) > 1 else {}
        reasons = []
        for leg, label in LEG_SHORT_LABELS.items():
            now, before = latest.get(leg), previous.get(leg)
            if now is not None and before is not None and now < before:
                reasons.append(f"{label} {before} → {now}")
            elif now == 1:
                reasons.append(_("%(leg)s op 1") % {"leg": label})
        return reasons


def stability_panels(case, *, full: bool = False) -> list[ResidentStability]:
    """One panel per household member of the case, in household order. Three queries."""
    from cases.selectors import case_members

    series = case_assessment_series(case)
    zrm = case_zrm_series(case) if full else {}
    panels = []
    for member in case_members(case):
        resident = member.resident
        assessments = series.get(resident.pk, [])
        panel = ResidentStability(resident=resident, assessments=assessments)
        if assessments:
            chart_id = f"stab-{case.pk}-{resident.pk}"
            panel.bars = leg_bars_svg(
                assessments[-1].legs,
                title=_("Laatste meting van %(name)s") % {"name": resident.full_name},
                chart_id=f"{chart_id}-bars",
            )
            panel.trend = leg_trend_svg(
                [(a.assessed_on, a.legs) for a in assessments],
                title=_("Verloop van de stabiliteit van %(name)s") % {"name": resident.full_name},
                chart_id=f"{chart_id}-trend",
            )
        if resident.pk in zrm:
            panel.zrm_dates = [d for d, _scores in zrm[resident.pk]]
            panel.zrm_rows = zrm_domain_rows(zrm[resident.pk])
        panels.append(panel)
    return panels
