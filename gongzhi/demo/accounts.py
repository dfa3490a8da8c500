"""Demo accounts, all with the password `gongzhi-demo`; names are plainly fictional."""

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.accounts.roles import ROLE_LEVEL

DEMO_PASSWORD = "gongzhi-demo"


def demo_accounts(places: dict) -> list[tuple[str, str, str, object]]:
    """(username, display name, role, place) for every demo login."""
    return [
        ("district_admin", "区管理员（演示）", Role.DISTRICT_ADMIN, places["district"]),
        ("street_admin", "街道管理员（演示）", Role.STREET_ADMIN, places["street"]),
        ("yongtai_secretary", "永泰书记（演示）", Role.COMMUNITY_SECRETARY, places["yongtai"]),
        ("yongtai_staff", "永泰社工小陈（演示）", Role.COMMUNITY_STAFF, places["yongtai"]),
        ("yongtai_grid", "网格员小李（演示）", Role.GRID_WORKER, places["yongtai_grid"]),
        ("other_staff", "晨曦社工小周（演示）", Role.COMMUNITY_STAFF, places["second"]),
        ("yongtai_resident", "永泰居民小王（演示）", Role.RESIDENT, places["yongtai"]),
        ("partner_bank", "建行联络人小周（演示）", Role.PARTNER_CONTACT, places["yongtai"]),
    ]


@transaction.atomic
def seed_accounts(places: dict) -> list[tuple[str, str]]:
    logins = []
    for username, display_name, role, place in demo_accounts(places):
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        level = ROLE_LEVEL[role]
        RoleAssignment.objects.get_or_create(user=user, role=role, level=level, **{level: place})
        logins.append((username, f"{role.label} · {place}"))
    admin, created = User.objects.get_or_create(
        username="demo_admin",
        defaults={"display_name": "系统管理员（演示）", "is_staff": True, "is_superuser": True})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    logins.append(("demo_admin", "超级管理员（Django 后台 /admin/）"))
    # `make demo` runs this every time, so the demo logins never meet the 90-day expiry. The
    # demo password is set directly and does not pass the complexity rules real users must meet.
    User.objects.filter(username__in=[u for u, _ in logins]).update(
        password_changed_at=timezone.now())
    return logins
