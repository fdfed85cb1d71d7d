import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from charter.models import Department, Rank, StaffMember


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"고객지원{n}부")
    name_en = factory.Sequence(lambda n: f"Customer Support {n}")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember
        skip_postgeneration_save = True

    class Params:
        rank_name = "대리"

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"직원{n}")
    department = factory.SubFactory(DepartmentFactory)
    rank = factory.LazyAttribute(lambda o: Rank.objects.get(name=o.rank_name))
    extension = factory.Sequence(lambda n: f"{1000 + n}")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.user.groups.add(Group.objects.get(name=extracted or "staff"))
