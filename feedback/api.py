"""REST API of feedback: serializers and viewsets that call feedback.services.

Viewsets register themselves on config.api.router:

- /api/v1/feedback/opinions/     list, create, retrieve; POST {id}/assign/, {id}/reply/
- /api/v1/feedback/complaints/   the same, plus {id}/cause/ and {id}/corrective-action/
- /api/v1/feedback/contests/     list, create, retrieve;
                                 POST {id}/publish-rules/, {id}/announce-awards/
- /api/v1/feedback/track/        public: POST {number, contact} (never in the address)

Every staff endpoint reads through `visible_to(request.user)` (ScopedViewSetMixin): another
department's item or contest is a 404 and `?department=<theirs>` lists nothing. Lists and
action responses mask the customer; one item's `retrieve` shows it in full to staff of its
department and records that opening (MaskedPersonalDataMixin). The services check the actor.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound, ParseError, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from charter.api import MaskedPersonalDataMixin, ScopedViewSetMixin, ViewDjangoModelPermissions
from charter.models import Department, StaffMember
from config.api import StrictModelSerializer, StrictSerializer, errors_named_for, router

from . import ratelimit, services
from .models import Channel, Contest, Feedback, Reply, ReplyChannel


class FeedbackReplySerializer(StrictModelSerializer):
    class Meta:
        model = Reply
        fields = ["id", "kind", "text", "channel", "sent_at"]


class FeedbackSerializer(MaskedPersonalDataMixin, StrictModelSerializer):
    department = serializers.PrimaryKeyRelatedField(read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    assigned_to = serializers.PrimaryKeyRelatedField(source="assignee", read_only=True)
    assigned_to_name = serializers.CharField(
        source="assignee.name", read_only=True, allow_null=True, default=None
    )
    next_due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    next_due_standard = serializers.CharField(
        source="next_due_code", read_only=True, allow_null=True
    )
    replies = FeedbackReplySerializer(many=True, read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "kind",
            "tracking_number",
            "channel",
            "status",
            "department",
            "department_name",
            "assigned_to",
            "assigned_to_name",
            "title",
            "text",
            "customer_name",
            "customer_phone",
            "customer_email",
            "received_at",
            "cause",
            "corrective_action",
            "corrected_at",
            "correction_reference",
            "closed_at",
            "next_due_at",
            "next_due_standard",
            "replies",
        ]
        read_only_fields = fields


class FeedbackCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=4000)
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = serializers.DateTimeField(required=False)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True), required=False, allow_null=True
    )
    assigned_to = serializers.PrimaryKeyRelatedField(
        source="assignee", queryset=StaffMember.objects.active(), required=False, allow_null=True
    )
    customer_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    customer_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    customer_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    consent = serializers.BooleanField(required=False, default=False)


class FeedbackAssignSerializer(StrictSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True),
        required=False,
        allow_null=True,
        help_text="Another department hands the item over; omitted, it stays where it is.",
    )
    assigned_to = serializers.PrimaryKeyRelatedField(
        source="assignee", queryset=StaffMember.objects.active(), required=False, allow_null=True
    )


class FeedbackReplyCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(
        choices=[
            (Reply.Kind.RESULT, Reply.Kind.RESULT.label),
            (Reply.Kind.PROGRESS, Reply.Kind.PROGRESS.label),
        ]
    )
    text = serializers.CharField(max_length=4000)
    channel = serializers.ChoiceField(choices=ReplyChannel.choices)
    sent_at = serializers.DateTimeField(required=False)
    replied_by = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.active(),
        required=False,
        allow_null=True,
        help_text="The staff member who gave the notice: yourself (the default), or a "
        "colleague of the department when a manager records it.",
    )


class FeedbackCauseSerializer(StrictSerializer):
    cause = serializers.ChoiceField(choices=Feedback.Cause.choices)
    found_at = serializers.DateTimeField(
        source="at", required=False, help_text="When the cause was found (default now)."
    )


class FeedbackCorrectiveSerializer(StrictSerializer):
    action = serializers.CharField(max_length=4000)
    notice = serializers.CharField(max_length=4000)
    channel = serializers.ChoiceField(choices=ReplyChannel.choices)
    correction_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    corrected_at = serializers.DateTimeField(
        source="at", required=False, help_text="When it was corrected (default now)."
    )
    replied_by = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.active(),
        required=False,
        allow_null=True,
        help_text="The staff member who sent the notice (see reply).",
    )


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class FeedbackFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id")
    assigned_to = django_filters.NumberFilter(field_name="assignee_id")
    status = django_filters.ChoiceFilter(choices=Feedback.Status.choices)

    class Meta:
        model = Feedback
        fields = ["department", "assigned_to", "status"]


def _items(kind):
    return (
        Feedback.objects.filter(kind=kind)
        .with_related()
        .with_next_due()
        .prefetch_related("replies")
        .order_by("-id")
    )


class _FeedbackViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    kind = ""
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter
    permission_classes = [ViewDjangoModelPermissions]

    def _fresh(self, pk):
        return self.get_queryset().get(pk=pk)

    @extend_schema(request=FeedbackCreateSerializer, responses={201: FeedbackSerializer})
    def create(self, request, *args, **kwargs):
        data = _valid(FeedbackCreateSerializer, request)
        with errors_named_for(FeedbackCreateSerializer()):
            feedback = services.feedback_receive(
                kind=self.kind,
                title=data["title"],
                text=data["text"],
                channel=data["channel"],
                received_at=data.get("received_at") or timezone.now(),
                department=data.get("department"),
                assignee=data.get("assignee"),
                customer_name=data.get("customer_name", ""),
                customer_phone=data.get("customer_phone", ""),
                customer_email=data.get("customer_email", ""),
                consent=data.get("consent", False),
                by=request.user,
            )
        return Response(
            self.get_serializer(self._fresh(feedback.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=FeedbackAssignSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign to a person of the item's department, or hand it over to another department
        (it then leaves your lists: later reads are a 404)."""
        feedback = self.get_object()
        data = _valid(FeedbackAssignSerializer, request)
        with errors_named_for(FeedbackAssignSerializer()):
            services.feedback_assign(
                feedback=feedback,
                department=data.get("department"),
                assignee=data.get("assignee"),
                by=request.user,
            )
        # The answer describes where it went (masked), even when that is out of your scope.
        return Response(self.get_serializer(self.queryset.get(pk=feedback.pk)).data)

    @extend_schema(request=FeedbackReplyCreateSerializer, responses={201: FeedbackSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        feedback = self.get_object()
        data = _valid(FeedbackReplyCreateSerializer, request)
        services.feedback_reply(
            feedback=feedback,
            kind=data["kind"],
            text=data["text"],
            channel=data["channel"],
            at=data.get("sent_at"),
            replied_by=data.get("replied_by"),
            by=request.user,
        )
        return Response(
            self.get_serializer(self._fresh(feedback.pk)).data, status=status.HTTP_201_CREATED
        )


class OpinionViewSet(_FeedbackViewSet):
    """Customer opinions (F1: the result is notified within a week)."""

    kind = Feedback.Kind.OPINION
    queryset = _items(Feedback.Kind.OPINION)


class ComplaintViewSet(_FeedbackViewSet):
    """Complaints (F3: a progress notice within a week; F4: corrective action)."""

    kind = Feedback.Kind.COMPLAINT
    queryset = _items(Feedback.Kind.COMPLAINT)

    @extend_schema(request=FeedbackCauseSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def cause(self, request, pk=None):
        feedback = self.get_object()
        data = _valid(FeedbackCauseSerializer, request)
        with errors_named_for(FeedbackCauseSerializer()):
            services.complaint_record_cause(
                feedback=feedback, cause=data["cause"], at=data.get("at"), by=request.user
            )
        return Response(self.get_serializer(self._fresh(feedback.pk)).data)

    @extend_schema(request=FeedbackCorrectiveSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"], url_path="corrective-action")
    def corrective_action(self, request, pk=None):
        feedback = self.get_object()
        data = _valid(FeedbackCorrectiveSerializer, request)
        with errors_named_for(FeedbackCorrectiveSerializer()):
            services.complaint_record_corrective_action(
                feedback=feedback,
                action=data["action"],
                notice=data["notice"],
                channel=data["channel"],
                at=data.get("at"),
                correction_reference=data.get("correction_reference", ""),
                replied_by=data.get("replied_by"),
                by=request.user,
            )
        return Response(self.get_serializer(self._fresh(feedback.pk)).data)


class FeedbackContestSerializer(StrictModelSerializer):
    rules_status = serializers.CharField(source="rules_obligation.status", read_only=True)
    awards_status = serializers.CharField(source="awards_obligation.status", read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "title",
            "department",
            "rules",
            "rules_published_at",
            "entries_open_at",
            "awards_due_at",
            "awards",
            "awards_announced_at",
            "rules_status",
            "awards_status",
        ]
        read_only_fields = fields


class FeedbackContestCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True),
        required=False,
        allow_null=True,
        help_text="Default: your own department.",
    )
    entries_open_at = serializers.DateTimeField()
    awards_due_at = serializers.DateTimeField()
    rules = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    rules_published_at = serializers.DateTimeField(required=False, allow_null=True)


class FeedbackRulesSerializer(StrictSerializer):
    rules = serializers.CharField(max_length=8000)
    published_at = serializers.DateTimeField(source="at", required=False)


class FeedbackAwardsSerializer(StrictSerializer):
    awards = serializers.CharField(max_length=4000)
    announced_at = serializers.DateTimeField(source="at", required=False)


class ContestFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id")

    class Meta:
        model = Contest
        fields = ["department"]


class ContestViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Contests (F2: award rules before entries open; awards by the announced date)."""

    serializer_class = FeedbackContestSerializer
    filterset_class = ContestFilter
    permission_classes = [ViewDjangoModelPermissions]
    queryset = (
        Contest.objects.with_related()
        .select_related("rules_obligation", "awards_obligation")
        .order_by("-id")
    )

    @extend_schema(
        request=FeedbackContestCreateSerializer, responses={201: FeedbackContestSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = _valid(FeedbackContestCreateSerializer, request)
        contest = services.contest_create(by=request.user, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=contest.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=FeedbackRulesSerializer, responses=FeedbackContestSerializer)
    @action(detail=True, methods=["post"], url_path="publish-rules")
    def publish_rules(self, request, pk=None):
        data = _valid(FeedbackRulesSerializer, request)
        with errors_named_for(FeedbackRulesSerializer()):
            contest = services.contest_publish_rules(
                contest=self.get_object(), rules=data["rules"], at=data.get("at"), by=request.user
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=contest.pk)).data)

    @extend_schema(request=FeedbackAwardsSerializer, responses=FeedbackContestSerializer)
    @action(detail=True, methods=["post"], url_path="announce-awards")
    def announce_awards(self, request, pk=None):
        data = _valid(FeedbackAwardsSerializer, request)
        with errors_named_for(FeedbackAwardsSerializer()):
            contest = services.contest_announce_awards(
                contest=self.get_object(), awards=data["awards"], at=data.get("at"), by=request.user
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=contest.pk)).data)


class FeedbackTrackQuerySerializer(StrictSerializer):
    number = serializers.CharField(max_length=40)
    contact = serializers.CharField(max_length=254)


class FeedbackTrackSerializer(StrictModelSerializer):
    department_name = serializers.CharField(source="department.name")
    replies = FeedbackReplySerializer(many=True)

    class Meta:
        model = Feedback
        fields = [
            "tracking_number",
            "kind",
            "status",
            "title",
            "department_name",
            "received_at",
            "closed_at",
            "replies",
        ]


class TrackViewSet(viewsets.ViewSet):
    """Public lookup of an opinion or complaint by its tracking number and the customer's phone
    or e-mail, POST only: an address (a GET's query string) is written to access logs, so the
    contact travels in the body. A GET is a 405, and a POST with the number or the contact in
    its address a 400, both saying so and looking nothing up. A number that does not exist and
    a contact that does not match give the same 404. Rate-limited per client (ratelimit)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    IN_THE_BODY = _(
        "Send the tracking number and the contact in the body of a POST request, not in the "
        "address: addresses are written to access logs."
    )

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method, detail=self.IN_THE_BODY)

    @extend_schema(
        request=FeedbackTrackQuerySerializer,
        responses={
            200: FeedbackTrackSerializer,
            400: OpenApiResponse(description="Missing fields, or fields in the address"),
            404: OpenApiResponse(description="Not found (a wrong number or a wrong contact)"),
            429: OpenApiResponse(description="Too many lookups from this client"),
        },
    )
    def create(self, request):
        if {"number", "contact"} & request.query_params.keys():
            raise ParseError(self.IN_THE_BODY)
        if not ratelimit.hit(request, "track"):
            raise Throttled()
        serializer = FeedbackTrackQuerySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.feedback_track(**serializer.validated_data)
        if feedback is None:
            raise NotFound(_("Nothing was found for this tracking number and contact."))
        return Response(FeedbackTrackSerializer(feedback).data)


router.register("feedback/opinions", OpinionViewSet, basename="feedback-opinion")
router.register("feedback/complaints", ComplaintViewSet, basename="feedback-complaint")
router.register("feedback/contests", ContestViewSet, basename="feedback-contest")
router.register("feedback/track", TrackViewSet, basename="feedback-track")
