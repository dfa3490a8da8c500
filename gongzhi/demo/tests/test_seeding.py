"""The demo package: where seed_demo is found, and the logins it prints."""

from django.core.management import get_commands

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.demo.seeding import demo_logins


def test_seed_demo_is_the_demo_apps_command():
    # given the installed apps
    # when Django looks up the management commands
    commands = get_commands()
    # then seed_demo, the README's and CI's command, comes from the demo app (not core)
    assert commands["seed_demo"] == "gongzhi.demo"


def test_demo_logins_add_the_logins_other_seeders_made_and_skip_the_rest(world):
    # given a login the accounts seeder listed, a demo login another seeder made, a demo user
    # who cannot sign in (no usable password) and a user who is not a demo user
    listed = user_with_role(Role.COMMUNITY_STAFF, world.community_a, username="listed_staff",
                            display_name="列出的社工（演示）")
    user_with_role(Role.GRID_WORKER, world.grid_a1, username="seeded_grid",
                   display_name="另一个网格员（演示）")
    no_login = user_with_role(Role.RESIDENT, world.community_a, username="no_login",
                              display_name="无登录居民（演示）")
    no_login.set_unusable_password()
    no_login.save(update_fields=["password"])
    user_with_role(Role.RESIDENT, world.community_a, username="real_person",
                   display_name="真实居民")
    # when the logins are read back after seeding
    logins = demo_logins([(listed.username, "社区工作人员 · 甲社区")])
    # then the listed login comes first as given, then the other demo login with its role
    assert logins == [("listed_staff", "社区工作人员 · 甲社区"),
                      ("seeded_grid", "网格员 · 甲一网格")]
