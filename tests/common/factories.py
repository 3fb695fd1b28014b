import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER

PASSWORD = "s3cret-pass"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role=CHANNEL_MANAGER)` puts the user in that internal group."""
        _join(self, create, extracted)


def _join(user, create, role):
    if role:
        user.groups.add(Group.objects.get(name=role))
    if create:
        user.save()


def _role_factory(name: str, role: str):
    hook = factory.PostGeneration(lambda user, create, extracted, **kw: _join(user, create, extracted or role))
    return type(name, (UserFactory,), {"role": hook, "__module__": __name__})


DirectorFactory = _role_factory("DirectorFactory", CHANNEL_DIRECTOR)
ManagerFactory = _role_factory("ManagerFactory", CHANNEL_MANAGER)
FinanceFactory = _role_factory("FinanceFactory", FINANCE)
TrainerFactory = _role_factory("TrainerFactory", TRAINER)
