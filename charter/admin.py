import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import registry, services
from .access import access_record, shows_personal_data, source_of
from .calendars import check_frames, load_calendar
from .models import (
    AccessRecord,
    Calendar,
    CharterSettings,
    Closure,
    Department,
    HolidayOverride,
    Obligation,
    ObligationEvent,
    Rank,
    RecomputeRun,
    ReplyTemplate,
    Section,
    StaffMember,
    Standard,
    WorkingPeriod,
)
from .privacy import mask_for
from .scope import scope_of
from .wording import duration_mismatches

admin.site.site_header = _("Charter tracker administration")
admin.site.site_title = _("Charter tracker")


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ko", "name_en", "order"]


class StandardAdminForm(forms.ModelForm):
    """The measurement texts must say the duration the parameters say."""

    def clean(self):
        cleaned = super().clean()
        for field, error in duration_mismatches(
            value=cleaned.get("duration_value"),
            unit=cleaned.get("duration_unit"),
            rule_ko=cleaned.get("rule_ko", ""),
            rule_en=cleaned.get("rule_en", ""),
        ).items():
            self.add_error(field, error)
        return cleaned


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    form = StandardAdminForm
    list_display = [
        "code",
        "name_ko",
        "short_text_ko",
        "short_text_en",
        "kind",
        "duration_value",
        "duration_unit",
        "clock",
        "min_count",
        "limit",
        "pausable",
        "target_rate",
        "active",
    ]
    list_editable = ["target_rate"]
    list_filter = ["section", "kind", "clock", "active"]
    search_fields = ["code", "text_ko", "text_en"]
    readonly_fields = ["code", "section"]
    fieldsets = [
        (None, {"fields": ["code", "section", "order", "active"]}),
        (_("Text"), {"fields": ["name_ko", "name_en", "text_ko", "text_en", "rule_ko", "rule_en"]}),
        (_("Target"), {"fields": ["target_rate"]}),
        (
            _("How it is measured"),
            {
                "fields": [
                    "kind",
                    "due_given",
                    ("duration_value", "duration_unit", "clock"),
                    ("followup_value", "followup_unit"),
                    ("min_count", "count_period"),
                    ("limit", "limit_unit"),
                    "warn_before",
                    "pausable",
                ]
            },
        ),
    ]

    @admin.display(description=_("text (Korean)"))
    def short_text_ko(self, obj):
        return obj.text_ko[:60] + ("…" if len(obj.text_ko) > 60 else "")

    @admin.display(description=_("text (English)"))
    def short_text_en(self, obj):
        return obj.text_en[:60] + ("…" if len(obj.text_en) > 60 else "")

    def has_add_permission(self, request):
        return False  # the 27 standards are the charter; their numbers are edited, not added

    def has_delete_permission(self, request, obj=None):
        return False

    change_list_template = "admin/charter/standard/change_list.html"

    def get_urls(self):
        return [
            path(
                "map/",
                self.admin_site.admin_view(self.map_view),
                name="charter_standard_map",
            ),
            *super().get_urls(),
        ]

    def map_view(self, request):
        """The map of the charter in code (charter.registry), as `manage.py charter_map`."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Map of the charter in code"),
            "rows": registry.charter_map(),
        }
        return TemplateResponse(request, "admin/charter/standard/map.html", context)


def label_inline_form(form, index):
    """Give every visible field of an inline row, and its delete box, an accessible name: the
    field's label and the row's number (axe: every input and select needs a name; the
    tabular inline shows its labels only once, in the table head)."""
    row = _("new row") if index is None else _("row %(number)d") % {"number": index + 1}
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        label = _("Delete") if name == "DELETE" else (field.label or name)
        for widget in getattr(field.widget, "widgets", [field.widget]):
            widget.attrs["aria-label"] = _("%(label)s (%(row)s)") % {"label": label, "row": row}


class LabelledInlineMixin:
    """Every admin inline: each row's inputs, selects and delete box are named (see
    `label_inline_form`)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                label_inline_form(form, index)

        LabelledFormSet.__name__ = formset.__name__
        return LabelledFormSet


class FramesFormSet(BaseInlineFormSet):
    """The week's time frames, checked together: none may overlap another of its day."""

    def clean(self):
        super().clean()
        frames = [
            (
                form.cleaned_data.get("weekday"),
                form.cleaned_data.get("start"),
                form.cleaned_data.get("end"),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        check_frames(frames)


class WorkingPeriodInline(LabelledInlineMixin, admin.TabularInline):
    model = WorkingPeriod
    formset = FramesFormSet
    extra = 1


class OffersRecomputeMixin:
    """After a change to a calendar's frames, closures or overrides: say how many open
    deadlines run on the calendars it touches, and where to recompute them (never by itself:
    settled history stays, open deadlines move only by the recorded recompute)."""

    def calendars_of(self, obj):
        calendar = getattr(obj, "calendar", None) if not isinstance(obj, Calendar) else obj
        return [calendar] if calendar is not None else list(Calendar.objects.all())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for calendar in self.calendars_of(obj):
            count = services._live_on(calendar).count()
            if not count:
                continue
            url = reverse("admin:charter_calendar_changelist")
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "%(count)d open deadline runs on the calendar “%(calendar)s” and "
                        "keeps its old due time until you recompute it.",
                        "%(count)d open deadlines run on the calendar “%(calendar)s” and "
                        "keep their old due times until you recompute them.",
                        count,
                    )
                    % {"count": count, "calendar": calendar},
                    url,
                    _(
                        "Recompute on the calendar list (action “Recompute open deadlines "
                        "on the selected calendars”)"
                    ),
                ),
                messages.WARNING,
            )


@admin.register(Calendar)
class CalendarAdmin(OffersRecomputeMixin, SimpleHistoryAdmin):
    list_display = ["name", "is_default", "country", "updated_at", "holiday_list"]
    readonly_fields = ["holiday_list"]
    inlines = [WorkingPeriodInline]
    actions = ["recompute_open_deadlines"]

    @admin.display(description=_("non-working days"))
    def holiday_list(self, obj):
        if not obj or not obj.pk:
            return "-"
        url = reverse("admin:charter_calendar_holidays", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("List for a year"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/holidays/",
                self.admin_site.admin_view(self.holidays_view),
                name="charter_calendar_holidays",
            ),
            *super().get_urls(),
        ]

    def holidays_view(self, request, pk):
        calendar = self.get_object(request, pk)
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year", today.year))
            dt.date(year, 1, 1)
        except ValueError:
            year = today.year
        days = load_calendar(calendar).non_working_days(year)
        sources = {
            "holiday": _("public holiday (holidays package)"),
            "closure": _("closure day"),
            "override": _("public holiday worked (override): a working day"),
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "calendar": calendar,
            "title": _("Non-working days of %(calendar)s in %(year)s")
            % {"calendar": calendar, "year": year},
            "year": year,
            "years": range(today.year - 1, today.year + 3),
            "rows": [
                {"date": d, "name": name, "source": source, "source_label": sources[source]}
                for d, name, source in days
            ],
        }
        return TemplateResponse(request, "admin/charter/calendar/holidays.html", context)

    @admin.action(description=_("Recompute open deadlines on the selected calendars"))
    def recompute_open_deadlines(self, request, queryset):
        for calendar in queryset:
            services.recompute_start(calendar=calendar, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Queued the recompute of the open deadlines of %(count)d calendar; follow it "
                "under Deadline recomputes. If the job worker is unavailable, it runs as soon "
                "as the worker is back.",
                "Queued the recompute of the open deadlines of %(count)d calendars; follow "
                "them under Deadline recomputes. If the job worker is unavailable, they run as "
                "soon as the worker is back.",
                queryset.count(),
            )
            % {"count": queryset.count()},
            messages.SUCCESS,
        )


@admin.register(RecomputeRun)
class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = [
        "calendar",
        "requested_by",
        "requested_at",
        "status",
        "progress",
        "total",
        "moved",
        "finished_at",
    ]
    list_filter = ["status", "calendar"]
    readonly_fields = [f.name for f in RecomputeRun._meta.fields] + ["progress"]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}%',
            obj.percent,
            _("progress"),
            obj.percent,
            obj.percent,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CharterSettings)
class CharterSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "extension_counts_as_met"]

    def has_add_permission(self, request):
        return not CharterSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Closure)
class ClosureAdmin(OffersRecomputeMixin, SimpleHistoryAdmin):
    list_display = ["date", "name", "recurring", "calendar"]
    list_filter = ["recurring", "calendar"]
    date_hierarchy = "date"


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(OffersRecomputeMixin, SimpleHistoryAdmin):
    list_display = ["date", "reason", "recurring", "calendar"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "order", "calendar", "phone", "active"]
    list_editable = ["order"]


@admin.register(Rank)
class RankAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]


class ScopedAdminMixin:
    """Change lists and change forms read through `visible_to(user)`: an admin user who is
    not a superuser sees only their scope (a record outside it is a 404). simple_history's
    pages read the historical rows directly (the list of versions falls back to them when the
    record is gone, and each version has its own page): they are kept to the scope too."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _scoped_history(self, history, user):
        see = scope_of(user).see
        if see is None:
            return history
        field = self.model._default_manager.get_queryset().scope_field
        return history.filter(**{f"{field}__in": see})

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self._scoped_history(queryset, request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        versions = self._scoped_history(self.model.history.all(), request.user)
        try:
            found = versions.filter(
                **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id}
            ).exists()
        except (ValueError, ValidationError):
            found = False
        if not found:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class ThroughServicesAdminMixin:
    """A section's interaction admin is read-mostly: the services keep the obligations right,
    so the admin never writes around them. An existing row is read-only (its history may be
    read, not reverted), none is deleted, and a row is added only when the admin names the
    service that records it: `add_fields` are the form's fields and `add_through(request,
    data)` calls the service (its errors come back on the form; nothing is stored). Changes
    that the pages make are offered as actions that call the services (`run_service`).
    `correctable_fields` may still be corrected here: descriptive text that no deadline reads
    (a typo in a purpose), never a time, a status, a person or a department."""

    add_fields: tuple[str, ...] = ()
    correctable_fields: tuple[str, ...] = ()

    def add_through(self, request, data: dict):
        raise NotImplementedError

    def has_add_permission(self, request, *args):
        return bool(self.add_fields) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def get_fields(self, request, obj=None):
        if obj is None and self.add_fields:
            return list(self.add_fields)
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return [f for f in fields if f not in self.add_fields]
        fixed = [
            f.name
            for f in self.model._meta.fields
            if f.editable and f.name not in self.correctable_fields and f.name not in fields
        ]
        return [*fields, *fixed]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form
        model_admin = self

        class ThroughService(form):
            def _post_clean(self):
                # Instead of the model's own validation and save: the service validates,
                # writes the row and its obligations in the admin's transaction.
                if self.errors:
                    return
                try:
                    self.instance = model_admin.add_through(request, self.cleaned_data)
                except ValidationError as error:
                    by_field = (
                        error.message_dict
                        if hasattr(error, "error_dict")
                        else {None: error.messages}
                    )
                    for field, problems in by_field.items():
                        self.add_error(field if field in self.fields else None, problems)
                except PermissionDenied as error:
                    self.add_error(None, str(error) or _("You may not do this here."))

        return ThroughService

    def save_model(self, request, obj, form, change):
        """Added: the service already wrote the row. Changed: only the correctable fields."""
        if change:
            super().save_model(request, obj, form, change)

    def run_service(self, request, queryset, call) -> int:
        """`call(row)` (a service call) for every selected row; each refusal is reported with
        its row, the others still go through."""
        done = 0
        for row in queryset:
            try:
                call(row)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{row}: {text}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d record changed.", "%(count)d records changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        return done


class PersonalDataAdminMixin:
    """Customers' personal data on a change form (the fields the model declares in its
    `personal_data`): in full only to a user who may see that department's customers
    (charter.access.shows_personal_data), and each such opening is an access record;
    everyone else reads masks, read-only."""

    def personal_fields(self) -> tuple[str, ...]:
        spec = getattr(self.model, "personal_data", None)
        return tuple(spec.fields) if spec is not None else ()

    def personal_department(self, obj):
        """The department whose customer it is."""
        return obj.department_id

    def reveals(self, request, obj) -> bool:
        return obj is not None and shows_personal_data(request.user, self.personal_department(obj))

    def _masked(self, name):
        if isinstance(name, list | tuple):  # a row of fields
            return tuple(map(self._masked, name))
        return f"{name}_masked" if name in self.personal_fields() else name

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.reveals(request, obj):
            return fieldsets
        return [
            (
                title,
                {
                    **options,
                    "fields": [
                        tuple(map(self._masked, f))
                        if isinstance(f, list | tuple)
                        else self._masked(f)
                        for f in options["fields"]
                    ],
                },
            )
            for title, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.reveals(request, obj):
            return fields
        return [*fields, *(f"{f}_masked" for f in self.personal_fields())]

    def __getattr__(self, name):
        # The read-only masked twin of each personal field: "<field>_masked".
        if not name.endswith("_masked") or name.startswith("_"):
            raise AttributeError(name)
        field = name.removesuffix("_masked")
        if field in self.personal_fields():

            def masked(obj):
                return mask_for(field)(getattr(obj, field)) or "-"

            masked.short_description = self.model._meta.get_field(field).verbose_name
            return masked
        raise AttributeError(name)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", None) and response.context_data.get("original")
        if request.method == "GET" and response.status_code == 200 and self.reveals(request, obj):
            shown = [f for f in self.personal_fields() if getattr(obj, f)]
            if shown:
                access_record(
                    user=request.user, subjects=[obj], fields=shown, source=source_of(request)
                )
        return response


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "department", "rank", "extension", "seat_row", "seat_column", "active"]
    list_filter = ["department", "rank", "active"]
    search_fields = ["name", "extension", "user__username"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["extra_departments"]


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Who opened which customer's personal data (개인정보 접속기록): read-only, kept 2 years."""

    list_display = ["at", "user", "content_type", "object_id", "fields", "source"]
    list_filter = ["content_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["user__username", "object_id", "source"]
    date_hierarchy = "at"
    list_select_related = ["user", "content_type"]
    readonly_fields = ["at", "user", "content_type", "object_id", "fields", "source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ObligationEventInline(LabelledInlineMixin, admin.TabularInline):
    model = ObligationEvent
    extra = 0
    can_delete = False
    fields = ["kind", "at", "by", "reason", "due_before", "due_after", "notice_channel"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PauseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the pause"), max_length=300)


@admin.register(Obligation)
class ObligationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    inlines = [ObligationEventInline]
    actions = ["pause", "resume"]
    list_display = ["id", "standard", "department", "responsible", "status", "starts_at", "due_at"]
    list_filter = ["status", "standard", "department"]
    date_hierarchy = "due_at"
    list_select_related = ["standard", "department", "responsible__rank"]
    readonly_fields = [f.name for f in Obligation._meta.fields]

    def has_add_permission(self, request):
        return False  # obligations are opened by the services, never by hand

    def _each(self, request, queryset, action, **kwargs):
        done = 0
        for obligation in queryset:
            try:
                action(obligation=obligation, by=request.user, **kwargs)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{obligation}: {' '.join(error.messages)}", messages.ERROR
                )
            except PermissionDenied as error:
                self.message_user(request, f"{obligation}: {error}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d obligation changed.", "%(count)d obligations changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Pause the selected obligations"), permissions=["pause"])
    def pause(self, request, queryset):
        form = PauseForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._each(request, queryset, services.obligation_pause, **form.cleaned_data)
            return None
        return TemplateResponse(
            request,
            "admin/charter/obligation/pause.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Pause obligations"),
                "form": form,
                "obligations": queryset,
            },
        )

    @admin.action(description=_("Resume the selected obligations"), permissions=["pause"])
    def resume(self, request, queryset):
        self._each(request, queryset, services.obligation_resume)

    def has_pause_permission(self, request):
        return request.user.has_perm("charter.pause_obligation")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    """Reply templates per section: offered beside every text to a customer."""

    list_display = ["title", "section", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["section", "active"]
    search_fields = ["title", "body"]
