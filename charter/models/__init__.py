"""The charter as data, the organisation, calendars and obligations.

The section apps (visits, calls, documents, feedback, corrections) keep their own interaction
models and open, meet or settle obligations through `charter.services`; they never compute
compliance themselves. One module per concern; every name is imported from `charter.models`.

- `standards`: the charter's sections and its 27 standards;
- `calendars`: calendars, working periods, closures and holiday overrides;
- `organisation`: departments, ranks and staff members;
- `obligations`: obligations, their read path (`ObligationQuerySet`) and their events;
- `replies`: reply templates per section, offered on the forms that write to customers;
- `operations`: the foundation-wide settings, deadline recompute runs and access records;
- `survey`: answers to the satisfaction survey (`charter.survey`).
"""

from .calendars import Calendar, CalendarQuerySet, Closure, HolidayOverride, WorkingPeriod
from .obligations import Obligation, ObligationEvent, ObligationQuerySet, overdue_condition
from .operations import AccessRecord, AccessRecordQuerySet, CharterSettings, RecomputeRun
from .organisation import Department, DepartmentQuerySet, Rank, StaffMember, StaffMemberQuerySet
from .replies import ReplyTemplate, ReplyTemplateQuerySet
from .standards import Section, Standard, StandardQuerySet
from .survey import SatisfactionResponse, SatisfactionResponseQuerySet

__all__ = [
    "AccessRecord",
    "AccessRecordQuerySet",
    "Calendar",
    "CalendarQuerySet",
    "CharterSettings",
    "Closure",
    "Department",
    "DepartmentQuerySet",
    "HolidayOverride",
    "Obligation",
    "ObligationEvent",
    "ObligationQuerySet",
    "Rank",
    "ReplyTemplate",
    "ReplyTemplateQuerySet",
    "RecomputeRun",
    "SatisfactionResponse",
    "SatisfactionResponseQuerySet",
    "Section",
    "StaffMember",
    "StaffMemberQuerySet",
    "Standard",
    "StandardQuerySet",
    "WorkingPeriod",
    "overdue_condition",
]
