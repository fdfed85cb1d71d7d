"""REST API plumbing shared by every app: the router and the error format."""

from contextlib import contextmanager

import django_filters
from django.core.exceptions import FieldDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, JsonResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler

from charter import bounds

router = DefaultRouter()


# The largest integer any API input may carry unless its field says less (PostgreSQL `integer`).
MAX_INTEGER = 2_147_483_647


def bound_field(field: serializers.Field) -> None:
    """Give a writable field the bounds it lacks, the same way DRF's own arguments would:
    a text without `max_length` at most `bounds.TEXT` characters, an integer without a range
    within 0..MAX_INTEGER, an instant within `bounds.validate_instant`'s window. The schema
    shows the bounds (maxLength, minimum, maximum)."""
    if field.read_only:
        return
    if isinstance(field, serializers.CharField):
        _refuse_non_text(field)
    if isinstance(field, serializers.CharField) and field.max_length is None:
        field.max_length = bounds.TEXT
        message = format_lazy(field.error_messages["max_length"], max_length=bounds.TEXT)
        field.validators.append(MaxLengthValidator(bounds.TEXT, message=message))
    elif isinstance(field, serializers.IntegerField):
        if field.max_value is None:
            field.max_value = MAX_INTEGER
            message = format_lazy(field.error_messages["max_value"], max_value=MAX_INTEGER)
            field.validators.append(MaxValueValidator(MAX_INTEGER, message=message))
        if field.min_value is None:
            field.min_value = 0
            message = format_lazy(field.error_messages["min_value"], min_value=0)
            field.validators.append(MinValueValidator(0, message=message))
    elif isinstance(field, serializers.DateTimeField):
        if bounds.validate_instant not in field.validators:
            field.validators.append(bounds.validate_instant)
    elif isinstance(field, serializers.ListField | serializers.DictField):
        bound_field(field.child)


def _refuse_non_text(field: serializers.CharField) -> None:
    """A text field takes a JSON string only (DRF would turn `0` or `1.5` into "0", "1.5")."""
    convert = field.to_internal_value

    def to_internal_value(data):
        if not isinstance(data, str):
            field.fail("invalid")
        return convert(data)

    field.to_internal_value = to_internal_value


class StrictInputMixin:
    """Serializer mixin: a field the serializer does not accept (unknown, or read-only) is a
    400 naming it, instead of being silently dropped; and every writable field is bounded
    (`bound_field`). Every API serializer derives from StrictSerializer /
    StrictModelSerializer, so every create and action is strict."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            bound_field(field)
        return fields

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            accepted = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data.keys()) - accepted)
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [_("Unknown field: this request does not accept it.")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class StrictSerializer(StrictInputMixin, serializers.Serializer):
    """The base of every API serializer without a model."""


class StrictModelSerializer(StrictInputMixin, serializers.ModelSerializer):
    """The base of every API model serializer. A read-only field says in the schema what it
    may really hold: `null` where its model field (or a relation on its way) is nullable, `""`
    where its text is blank (DRF drops both from read-only fields, so the schema promised an
    integer, an enum value or an e-mail where the response gave `null` or `""`)."""

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        if model is None:
            return fields
        for name, field in fields.items():
            if field.read_only:
                describe_read_only(field, model, field.source or name)
        return fields


def describe_read_only(field: serializers.Field, model, source: str) -> None:
    """Set `allow_null` / `allow_blank` on a read-only field from the model fields its dotted
    `source` goes through (only the schema reads them)."""
    nullable = False
    model_field = None
    for part in source.split("."):
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return
        nullable = nullable or bool(getattr(model_field, "null", False))
        model = getattr(model_field, "related_model", None)
        if model is None:
            break
    if model_field is None:
        return
    if nullable:
        field.allow_null = True
    if (
        isinstance(model_field, models.CharField | models.TextField)
        and model_field.blank
        and isinstance(field, serializers.CharField | serializers.ChoiceField)
    ):
        field.allow_blank = True


def as_drf_validation_error(
    error: DjangoValidationError, names: dict[str, str] | None = None
) -> serializers.ValidationError:
    """A service's ValidationError, field by field, as DRF's 400 body; `names` maps a
    service's argument to the API field that carries it (`at` -> `paused_at`)."""
    names = names or {}
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(
            {
                names.get(field, field): [str(m) for e in errors for m in e.messages]
                for field, errors in error.error_dict.items()
            }
        )
    return serializers.ValidationError({"non_field_errors": error.messages})


def input_names(serializer: serializers.Serializer) -> dict[str, str]:
    """{service argument: API field} for the fields of `serializer` whose `source` differs from
    their name (the API's names follow the README's scheme; the services keep theirs)."""
    return {
        field.source: name
        for name, field in serializer.fields.items()
        if field.source and field.source != name and "." not in field.source
    }


@contextmanager
def errors_named_for(serializer: serializers.Serializer):
    """A service's ValidationError raised inside names the API's fields, not its arguments."""
    try:
        yield
    except DjangoValidationError as error:
        raise as_drf_validation_error(error, input_names(serializer)) from error


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request is too large.")
    default_code = "payload_too_large"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_validation_error(exc)
    elif isinstance(exc, DjangoPermissionDenied) and exc.args:
        exc = exceptions.PermissionDenied(detail=str(exc.args[0]))  # a service's reason
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # not Django's English "No X matches the given query."
    return drf_exception_handler(exc, context)


def bad_request(request, exception=None):
    """Django's 400 (`handler400`), which a body over DATA_UPLOAD_MAX_MEMORY_SIZE reaches when
    it is read outside DRF (by the CSRF check, say): a 413 for a body too large, under /api/
    as the API's JSON in the request's language, elsewhere the site's page."""
    too_big = isinstance(exception, RequestDataTooBig)
    if request.path.startswith("/api/"):
        detail = PayloadTooLarge.default_detail if too_big else _("The request is malformed.")
        return JsonResponse(
            {"detail": str(detail)},
            status=413 if too_big else 400,
            json_dumps_params={"ensure_ascii": False},
        )
    from django.views.defaults import bad_request as page

    response = page(request, exception)
    if too_big:
        response.status_code = 413
    return response


def not_found(request, exception=None):
    """Django's 404 (`handler404`): under /api/ the API's JSON body in the request's language,
    as for a record that is not there; elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": str(exceptions.NotFound.default_detail)},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


class StrictFilterBackend(DjangoFilterBackend):
    """Filters from the view's FilterSet, and a 400 naming any query parameter that is neither
    one of them, nor the pagination's (`cursor`, `page_size`), nor in the view's
    `accepted_query_params`; a parameter given twice (`page_size=1&page_size=2`) is refused."""

    always_accepted = frozenset({"cursor", "page_size", "format"})

    def filter_queryset(self, request, queryset, view):
        accepted = set(self.always_accepted) | set(getattr(view, "accepted_query_params", ()))
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            accepted |= set(filterset_class.base_filters)
        errors = {}
        for name in request.query_params:
            values = request.query_params.getlist(name)
            if name not in accepted:
                errors[name] = [_("Unknown query parameter: this address does not accept it.")]
            elif len(values) > 1:
                errors[name] = [_("Give this query parameter once.")]
            elif values[0] == "" and name != "cursor":
                # `?started_before=` is a mistake, not "no filter".
                errors[name] = [_("Give this query parameter a value, or leave it out.")]
            elif filterset_class is not None and name in filterset_class.base_filters:
                message = _query_value_error(filterset_class.base_filters[name], values[0])
                if message:
                    errors[name] = [message]
        if errors:
            raise serializers.ValidationError(errors)
        if filterset_class is not None:
            filterset = self.get_filterset(request, queryset, view)
            if not filterset.is_valid():
                refused = {}
                for name, field_errors in filterset.errors.as_data().items():
                    if (
                        name in filterset.filters
                        and all(e.code == "invalid_choice" for e in field_errors)
                        and isinstance(filterset.filters[name], django_filters.ModelChoiceFilter)
                    ):
                        continue
                    refused[name] = [str(m) for e in field_errors for m in e.messages]
                if refused:
                    raise serializers.ValidationError(refused)
                # An id of no record the caller may see (`?department=0`): nothing matches,
                # as for a department of theirs without records (existence is not revealed).
                return queryset.none()
        return super().filter_queryset(request, queryset, view)


BOOLEAN_VALUES = frozenset({"true", "false", "True", "False", "1", "0"})


def _query_value_error(query_filter, value: str):
    """What django-filter would let pass silently: an id that is not a whole number (it finds
    nothing, or overflows the database), a yes/no that is neither (it filters nothing)."""
    if isinstance(query_filter, django_filters.ModelChoiceFilter | django_filters.NumberFilter):
        # Every number a list filters by is an id.
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            return _("Give an id: a whole number.")
    elif isinstance(query_filter, django_filters.BooleanFilter) and value not in BOOLEAN_VALUES:
        return _("Give true or false.")
    return None


class Pagination(CursorPagination):
    """Stable pages for large tables: newest first by id (unique, indexed)."""

    ordering = ("-id",)
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """`page_size` 1..500; anything else is a 400 naming it (DRF would use the default)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise serializers.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters


class IntegrationKeyScheme(OpenApiAuthenticationExtension):
    """The schema's name for `Authorization: Api-Key <key>` (integrations.authentication)."""

    target_class = "integrations.authentication.IntegrationKeyAuthentication"
    name = "IntegrationKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An integration client's key, as `Api-Key <key>`.",
        }


# -- Schema: the error responses every operation may give -------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` says what went wrong, in the request's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Bad input, nothing stored: each offending field (or query parameter) names its "
        "messages; `non_field_errors` holds those about the whole input, `detail` a body that "
        "could not be read at all (malformed JSON, too large)."
    ),
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {
        "description": "A field's messages (a nested field's: by its name or index).",
    },
}
ERROR_RESPONSES = {
    "400": ("ValidationError", "Bad input (unknown, missing or out-of-range field or parameter)."),
    "401": ("Error", "No, a wrong, a revoked or an expired integration key."),
    "403": ("Error", "Not logged in, or the caller's role or key may not do this (the reason)."),
    "404": ("Error", "No such record, or one outside the caller's departments."),
    "429": ("Error", "Too many requests: retry after the `Retry-After` header's seconds."),
}

BODY_ERROR_RESPONSES = {
    "413": ("Error", "The body is larger than the server accepts."),
    "415": ("Error", "The body is not JSON: send `Content-Type: application/json`."),
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the `Error` and `ValidationError` bodies that
    `exception_handler` gives, documented on every operation for 400, 401, 403, 404 and 429
    (an operation's own description of one of them is kept, with that body)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = dict(ERROR_RESPONSES)
            if method != "get":
                codes.update(BODY_ERROR_RESPONSES)
            for code, (component, description) in codes.items():
                response = responses.setdefault(code, {"description": description})
                response.setdefault(
                    "content",
                    {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                )
    _plain_times(result)
    return result


TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"


def _plain_times(node) -> None:
    """A time of day is given and returned as `HH:MM[:SS]` (Seoul's wall clock), not as
    JSON Schema's `time` (RFC 3339, which demands an offset): a pattern says so."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node["pattern"] = TIME_PATTERN
        for value in node.values():
            _plain_times(value)
    elif isinstance(node, list):
        for value in node:
            _plain_times(value)
