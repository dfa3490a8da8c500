from django.core.management import call_command

from gongzhi.accounts.models import User
from gongzhi.places.models import Building, Community, Flat, Street
from gongzhi.places.selectors import community_summary


def test_seed_demo_is_idempotent_and_matches_the_profile(db):
    call_command("seed_demo", verbosity=0)
    counts = (Community.objects.count(), Building.objects.count(), Flat.objects.count(),
              User.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Community.objects.count(), Building.objects.count(), Flat.objects.count(),
            User.objects.count()) == counts

    street = Street.objects.get(code="440104014")
    assert street.communities.count() == 15
    assert street.communities.filter(is_demo=False).get().name == "永泰社区"
    yongtai = Community.objects.get(name="永泰社区")
    assert (yongtai.resident_population, str(yongtai.area_km2)) == (4400, "0.20")
    staff = User.objects.get(username="yongtai_staff")
    summary = community_summary(staff, yongtai)
    assert summary["unmanaged"] == yongtai.buildings_without_management == 40
    assert summary["residential"] == 40
    assert yongtai.honours.count() == 4
    assert staff.check_password("gongzhi-demo")
    for username in ["district_admin", "street_admin", "yongtai_secretary", "yongtai_grid",
                     "other_staff"]:
        assert User.objects.get(username=username).role_assignments.count() == 1
