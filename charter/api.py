"""REST API of the charter: obligations (read) and their review actions."""

import django_filters
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import DjangoModelPermissions

from config.api import router

from .models import Obligation


class ViewDjangoModelPermissions(DjangoModelPermissions):
    """Model permissions that also require `view_` for reads."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class ObligationSerializer(serializers.ModelSerializer):
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.StringRelatedField()
    responsible = serializers.StringRelatedField()
    subject_type = serializers.SerializerMethodField()
    subject_id = serializers.IntegerField(source="object_id", read_only=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = Obligation
        fields = [
            "id",
            "standard",
            "status",
            "department",
            "responsible",
            "starts_at",
            "due_at",
            "met_at",
            "breached_at",
            "waived_at",
            "measured",
            "late",
            "subject_type",
            "subject_id",
            "note",
        ]

    def get_subject_type(self, obligation) -> str:
        return f"{obligation.content_type.app_label}.{obligation.content_type.model}"

    def get_late(self, obligation) -> bool:
        return obligation.met_late


class ObligationFilter(django_filters.FilterSet):
    standard = django_filters.CharFilter(field_name="standard__code", lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=Obligation.Status.choices)
    department = django_filters.NumberFilter(field_name="department_id")
    responsible = django_filters.NumberFilter(field_name="responsible_id")
    due_before = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="lt")
    due_after = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="gte")

    class Meta:
        model = Obligation
        fields = ["standard", "status", "department", "responsible", "due_before", "due_after"]


class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Obligations: one per application of a standard to something logged."""

    queryset = Obligation.objects.with_related()
    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    permission_classes = [ViewDjangoModelPermissions]


router.register("obligations", ObligationViewSet, basename="obligation")
