import re
from io import StringIO
from pathlib import Path

from django.conf import settings
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


def _readme_logins() -> set[str]:
    """The logins of the README's demo table: `name` cells of rows that follow its header."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    table = readme.split("| 账号 | 角色与范围 |", 1)[1].split("\n\n", 1)[0]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return {name for cell in first_cells for name in re.findall(r"`([a-z_]+)`", cell)}


def test_seed_demo_prints_every_login_the_readme_lists_and_each_signs_in(db):
    # given the README's table of demo logins
    listed = _readme_logins()
    assert {"partner_clinic", "partner_park", "yongtai_party", "demo_admin"} <= listed

    # when the demo is loaded as `make demo` does
    out = StringIO()
    call_command("seed_demo", stdout=out)

    # then every listed login is printed and signs in with the demo password
    printed = {line.split()[0] for line in out.getvalue().splitlines() if line.startswith("  ")}
    assert listed <= printed
    for username in listed:
        assert User.objects.get(username=username).check_password("gongzhi-demo"), username
