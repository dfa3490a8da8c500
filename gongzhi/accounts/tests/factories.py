import factory

from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.accounts.roles import ROLE_LEVEL

PASSWORD = "Test-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def user_with_role(role: str, place, **kwargs) -> User:
    user = UserFactory(**kwargs)
    level = ROLE_LEVEL[role]
    RoleAssignment.objects.create(user=user, role=role, level=level, **{level: place})
    return user
