"""How an obligation of a call or memo reads to the person who logged it ("P1 위반: 벨 4회")."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from charter.models import Obligation

_BREACH_REASON = {
    "P2": lambda: _("key points not repeated back"),
    "P3": lambda: _("transferred"),
    "P5": lambda: _("closing not done"),
    "P6": lambda: _("greeting, self-introduction or customer check missing"),
}


def describe(obligation: Obligation, subject=None) -> dict:
    """{"text": ..., "tone": "ok" | "breach" | "warn"} for one obligation."""
    code = obligation.standard.code
    status = obligation.status
    if status == Obligation.Status.OPEN:
        due = timezone.localtime(obligation.due_at)
        return {
            "text": _("%(code)s open: due %(due)s")
            % {"code": code, "due": f"{due:%Y-%m-%d %H:%M}"},
            "tone": "warn",
        }
    if status == Obligation.Status.WAIVED:
        return {"text": _("%(code)s waived") % {"code": code}, "tone": "warn"}
    kept = status == Obligation.Status.MET
    if code == "P1":
        rings = obligation.measured or 0
        rang = ngettext("%(n)d ring", "%(n)d rings", rings) % {"n": rings}
        if kept:
            text = _("%(code)s kept: %(detail)s") % {"code": code, "detail": rang}
        elif subject is not None and getattr(subject, "answered_at", 1) is None:
            text = _("%(code)s breach: not answered (%(detail)s)") % {"code": code, "detail": rang}
        elif obligation.standard.within_limit(rings):
            text = _("%(code)s breach: no greeting with department, rank and name") % {"code": code}
        else:
            text = _("%(code)s breach: %(detail)s") % {"code": code, "detail": rang}
    elif kept:
        text = _("%(code)s kept") % {"code": code}
    elif code == "P4":
        text = _("%(code)s breach: called back late") % {"code": code}
    else:
        text = _("%(code)s breach: %(detail)s") % {
            "code": code,
            "detail": _BREACH_REASON.get(code, lambda: "")(),
        }
    return {"text": text, "tone": "ok" if kept else "breach"}
