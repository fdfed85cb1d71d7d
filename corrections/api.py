"""REST API of corrections: serializers and viewsets that call corrections.services.

Viewsets register themselves on config.api.router:

- /api/v1/service-corrections/ (C1): list, retrieve, create; POST {id}/correct/
- /api/v1/handling-defects/ (C2): list, retrieve, create; POST {id}/correct/, {id}/notify/

Every read goes through `visible_to(request.user)` (ScopedViewSetMixin): another department's
record is a 404 and a filter naming another department returns nothing. Lists mask customers'
personal data; `retrieve` shows it to staff of the department and records the opening
(MaskedPersonalDataMixin). The services check the actor (`by=request.user`); a doer id in the
input (`corrected_by`, `discovered_by`; default: the caller) is passed to them, so naming
someone else is a 400 unless a manager of the department names a colleague."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from charter.api import MaskedPersonalDataMixin, ScopedViewSetMixin, ViewDjangoModelPermissions
from charter.models import StaffMember
from config.api import (
    StrictModelSerializer,
    StrictSerializer,
    as_drf_validation_error,
    errors_named_for,
    router,
)

from . import services
from .models import Channel, HandlingDefect, NoticeChannel, ServiceCorrection


class CorrectionPermissions(ViewDjangoModelPermissions):
    """Reading needs view_, reporting add_, the correct/notify steps change_."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) in ("correct", "notify"):
            model = view.get_queryset().model
            meta = model._meta
            return bool(
                request.user
                and request.user.is_authenticated
                and request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
            )
        return super().has_permission(request, view)


def _staff_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.select_related("rank", "department"), **kwargs
    )


def _call(service, **kwargs):
    """Run a service; its ValidationError becomes DRF's field-level 400."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_validation_error(error) from error


class DeadlineMixin(StrictSerializer):
    due_at = serializers.SerializerMethodField()
    deadline_status = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()

    def get_due_at(self, obj) -> str | None:
        due = getattr(obj, "due_at", None)
        return serializers.DateTimeField().to_representation(due) if due else None

    def get_deadline_status(self, obj) -> str | None:
        return getattr(obj, "deadline_status", None)

    def get_late(self, obj) -> bool:
        return bool(getattr(obj, "was_late", False))


# -- C1 ----------------------------------------------------------------------------------


class ServiceCorrectionSerializer(MaskedPersonalDataMixin, DeadlineMixin, StrictModelSerializer):
    staff_involved = _staff_field()
    assigned_to = _staff_field(required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices)

    class Meta:
        model = ServiceCorrection
        fields = [
            "id",
            "received_at",
            "channel",
            "customer_name",
            "customer_phone",
            "customer_email",
            "what_happened",
            "staff_involved",
            "department",
            "assigned_to",
            "corrected_by",
            "corrected_at",
            "action",
            "notice_channel",
            "notified_at",
            "notice_text",
            "apology",
            "due_at",
            "deadline_status",
            "late",
        ]
        read_only_fields = [
            "department",
            "corrected_by",
            "corrected_at",
            "action",
            "notice_channel",
            "notified_at",
            "notice_text",
            "apology",
        ]

    def validate(self, data):
        involved, assigned = data.get("staff_involved"), data.get("assigned_to")
        if involved and assigned:
            try:
                services.correction_rank_check(
                    involved=involved, corrector=assigned, field="assigned_to"
                )
            except DjangoValidationError as error:
                raise as_drf_validation_error(error) from error
        return data

    def create(self, validated_data):
        return _call(
            services.service_correction_report,
            **validated_data,
            by=self.context["request"].user,
        )


class ServiceCorrectionCorrectSerializer(StrictSerializer):
    corrected_by = _staff_field(required=False, allow_null=True)
    corrected_at = serializers.DateTimeField(source="at")
    action = serializers.CharField()
    notice_channel = serializers.ChoiceField(choices=NoticeChannel.choices)
    notice = serializers.CharField()
    notice_at = serializers.DateTimeField(required=False, allow_null=True)
    apology = serializers.CharField()
    send_notice = serializers.BooleanField(default=False)


class ServiceCorrectionViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reports of unkind or insincere service (C1) and their correction by a higher rank."""

    serializer_class = ServiceCorrectionSerializer
    permission_classes = [CorrectionPermissions]
    filterset_fields = ["staff_involved", "department", "assigned_to"]
    queryset = ServiceCorrection.objects.all()

    def get_queryset(self):
        return super().get_queryset().with_related().with_deadline().with_outcome()

    def perform_create(self, serializer):
        serializer.instance = serializer.save()
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(
        request=ServiceCorrectionCorrectSerializer, responses={200: ServiceCorrectionSerializer}
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Record the correction, the notice to the customer and the apology (meets C1).
        `corrected_by` defaults to the caller; a manager of the department may name a
        colleague. The corrector must be of a higher rank than the staff member involved."""
        correction = self.get_object()
        serializer = ServiceCorrectionCorrectSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        with errors_named_for(serializer):
            services.service_correction_correct(
                correction=correction, by=request.user, **serializer.validated_data
            )
        fresh = self.get_queryset().get(pk=correction.pk)
        return Response(self.get_serializer(fresh).data)


# -- C2 ----------------------------------------------------------------------------------


class HandlingDefectSerializer(MaskedPersonalDataMixin, DeadlineMixin, StrictModelSerializer):
    discovered_by = _staff_field(required=False, allow_null=True)
    responsible = _staff_field()

    class Meta:
        model = HandlingDefect
        fields = [
            "id",
            "case_reference",
            "what",
            "discovered_at",
            "discovered_by",
            "responsible",
            "department",
            "customer_name",
            "customer_phone",
            "customer_email",
            "corrected_at",
            "corrected_by",
            "correction",
            "notified_at",
            "notice_channel",
            "notice_text",
            "due_at",
            "deadline_status",
            "late",
        ]
        read_only_fields = [
            "department",
            "corrected_at",
            "corrected_by",
            "correction",
            "notified_at",
            "notice_channel",
            "notice_text",
        ]

    def create(self, validated_data):
        return _call(
            services.handling_defect_report, **validated_data, by=self.context["request"].user
        )


class HandlingDefectCorrectSerializer(StrictSerializer):
    corrected_by = _staff_field(required=False, allow_null=True)
    corrected_at = serializers.DateTimeField(source="at")
    correction = serializers.CharField()


class HandlingDefectNotifySerializer(StrictSerializer):
    notified_at = serializers.DateTimeField(source="at")
    channel = serializers.ChoiceField(choices=NoticeChannel.choices)
    text = serializers.CharField()
    send = serializers.BooleanField(default=False)


class HandlingDefectViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Defects found in handling a complaint (C2): correct, then notify the customer."""

    serializer_class = HandlingDefectSerializer
    permission_classes = [CorrectionPermissions]
    filterset_fields = ["responsible", "department", "case_reference"]
    queryset = HandlingDefect.objects.all()

    def get_queryset(self):
        return super().get_queryset().with_related().with_deadline().with_outcome()

    def perform_create(self, serializer):
        serializer.instance = serializer.save()
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def _step(self, request, service, serializer_class):
        defect = self.get_object()
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        with errors_named_for(serializer):
            service(defect=defect, by=request.user, **serializer.validated_data)
        fresh = self.get_queryset().get(pk=defect.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_200_OK)

    @extend_schema(
        request=HandlingDefectCorrectSerializer, responses={200: HandlingDefectSerializer}
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Record the correction (meets C2) and open the follow-up: notify the customer.
        `corrected_by` defaults to the caller; a manager of the department may name a
        colleague."""
        return self._step(
            request, services.handling_defect_correct, HandlingDefectCorrectSerializer
        )

    @extend_schema(
        request=HandlingDefectNotifySerializer, responses={200: HandlingDefectSerializer}
    )
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        """Record that the customer was notified of the correction (meets C2's follow-up)."""
        return self._step(request, services.handling_defect_notify, HandlingDefectNotifySerializer)


router.register("service-corrections", ServiceCorrectionViewSet, basename="service-correction")
router.register("handling-defects", HandlingDefectViewSet, basename="handling-defect")
