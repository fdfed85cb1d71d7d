"""The measurement text of a standard (`rule_ko`, `rule_en`) must say the duration its
parameters say: after P4 is changed to 2 hours, a text still reading "1 근무시간" is refused by
the admin form, in both languages."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .clock import Unit

# A number and the unit it counts, as the texts write durations.
KO = re.compile(r"(\d+)\s*(근무시간|시간|근무일|일|분)")
EN = re.compile(r"(\d+)\s*(?:business |working |calendar )?(hours?|days?|minutes?)\b")
KO_UNIT = {"근무시간": Unit.HOURS, "시간": Unit.HOURS, "근무일": Unit.DAYS, "일": Unit.DAYS}
KO_UNIT["분"] = Unit.MINUTES
EN_UNIT = {"hour": Unit.HOURS, "day": Unit.DAYS, "minute": Unit.MINUTES}


def duration_mismatches(*, value, unit, rule_ko: str, rule_en: str) -> dict[str, str]:
    """field name -> error, for each text naming a duration other than `value` `unit`."""
    if not value or unit not in (Unit.MINUTES, Unit.HOURS, Unit.DAYS):
        return {}
    errors = {}
    for field, text, pattern, units in [
        ("rule_ko", rule_ko, KO, KO_UNIT),
        ("rule_en", rule_en, EN, EN_UNIT),
    ]:
        for number, word in pattern.findall(text or ""):
            kind = units.get(word) or units.get(word.rstrip("s"))
            if kind == unit and int(number) != value:
                errors[field] = _(
                    "This text says %(said)s, but the duration is %(value)s %(unit)s: "
                    "change the text to match."
                ) % {"said": f"{number} {word}", "value": value, "unit": dict(Unit.CHOICES)[unit]}
                break
    return errors
