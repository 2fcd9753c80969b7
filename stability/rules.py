"""The stability model as pure functions: which legs follow from the five rules of thumb,
what overall stability is, and what counts as a decline. No database here."""

from collections.abc import Mapping

from .constants import LEG_RULES


def derive_legs(scores: Mapping[str, int | None]) -> dict[str, int | None]:
    """Each leg is the lowest score among the rules it rests on; a leg none of whose rules
    was scored stays unknown (None): a rule may be left unscored (data minimisation)."""
    legs: dict[str, int | None] = {}
    for leg, rules in LEG_RULES.items():
        scored = [scores[r] for r in rules if scores.get(r) is not None]
        legs[str(leg)] = min(scored) if scored else None
    return legs


def overall_stability(legs: Mapping[str, int | None]) -> int | None:
    """A stool is as stable as its weakest leg."""
    scored = [v for v in legs.values() if v is not None]
    return min(scored) if scored else None


def is_decline(
    previous: Mapping[str, int | None] | None, current: Mapping[str, int | None]
) -> bool:
    """A decline: any leg at 1, or any leg down by 1 or more since the previous assessment
    (compared only where both assessments scored that leg)."""
    if any(v == 1 for v in current.values()):
        return True
    if not previous:
        return False
    return any(
        current.get(leg) is not None
        and previous.get(leg) is not None
        and current[leg] <= previous[leg] - 1
        for leg in current
    )
