"""The period a report covers, the period it is compared with, and its months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def range(self) -> tuple[date, date]:
        return (self.start, self.end)

    @property
    def label(self) -> str:
        return f"{date_format(self.start, 'j F Y')} – {date_format(self.end, 'j F Y')}"

    def months(self) -> list[Period]:
        """The calendar months this period touches, each cut to the period."""
        months = []
        first = self.start.replace(day=1)
        while first <= self.end:
            following = (first + timedelta(days=32)).replace(day=1)
            months.append(
                Period(max(first, self.start), min(following - timedelta(days=1), self.end))
            )
            first = following
        return months
