"""The top menu: a few groups, each a keyboard-operable button, whatever the role."""

import re

from django.urls import reverse


def _menu(page: str) -> str:
    return re.search(r'<nav class="collapse navbar-collapse" id="gz-nav".*?</nav>', page,
                     re.S).group(0)


def _toggles(menu: str) -> list[str]:
    return re.findall(r'<button type="button" class="nav-link dropdown-toggle[^"]*" '
                      r'data-bs-toggle="dropdown" aria-expanded="false" data-testid="([a-z-]+)">',
                      menu)


def test_administrator_menu_is_six_entries_with_five_groups(client, world):
    # given the system administrator, who may open every part of the platform
    client.force_login(world.users["superuser"])
    # when they open the workbench
    menu = _menu(client.get("/").content.decode())
    # then the bar holds the workbench link and five group buttons, and the groups hold the links
    assert menu.count('<li class="nav-item') == 6
    assert _toggles(menu) == ["nav-daily", "nav-care", "nav-deliberation", "nav-cobuilding",
                              "nav-admin"]
    for name in ["places:community_list", "people:person_list", "casework:case_list",
                 "deliberation:topic_list", "deliberation:vote_list", "cobuilding:board",
                 "party:home", "audit:entry_list", "admin:index", "care:household_list",
                 "care:campaign_list", "care:stock", "portal:article_list"]:
        assert f'href="{reverse(name)}"' in menu


def test_current_group_and_page_are_marked(client, world):
    # given a member of staff on the list of communities
    client.force_login(world.users["staff_a"])
    # when the page renders
    menu = _menu(client.get(reverse("places:community_list")).content.decode())
    # then the daily-work group and the page's own link are marked active
    assert ('class="nav-link dropdown-toggle active" data-bs-toggle="dropdown" '
            'aria-expanded="false" data-testid="nav-daily"') in menu
    assert (f'<a class="dropdown-item active" href="{reverse("places:community_list")}" '
            'aria-current="page">') in menu


def test_wider_menus_fold_behind_the_toggler_up_to_larger_breakpoints(client, world):
    # given a member of staff
    staff = world.users["staff_a"]
    client.force_login(staff)
    # when the page renders in Chinese, in English, in large Chinese and in large English
    chinese = client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    staff.large_text = True
    staff.save(update_fields=["large_text"])
    large_english = client.get("/").content.decode()
    client.cookies["django_language"] = "zh-hans"
    large_chinese = client.get("/").content.decode()
    # then the menu lies open from 992, 1200, 1200 and 1400 px
    assert '<header class="navbar navbar-expand-lg d-print-none"' in chinese
    assert '<header class="navbar navbar-expand-xl d-print-none"' in english
    assert '<header class="navbar navbar-expand-xl d-print-none"' in large_chinese
    assert '<header class="navbar navbar-expand-xxl d-print-none"' in large_english
