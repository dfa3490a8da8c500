"""The workbench's shortcuts follow the user's permissions."""

from django.urls import reverse


def shortcuts_of(client, user) -> str:
    client.force_login(user)
    content = client.get(reverse("workbench:home")).content.decode()
    start = content.find('data-testid="home-shortcuts"')
    return content[start:content.find("</nav>", start)] if start >= 0 else ""


def test_a_resident_gets_the_shortcuts_of_a_resident(client, world):
    shortcuts = shortcuts_of(client, world.users["resident_a"])
    for name in ("casework:case_create", "casework:board", "deliberation:topic_create",
                 "cobuilding:community_projects"):
        assert reverse(name) in shortcuts
    assert reverse("cobuilding:partner_home") not in shortcuts
    assert reverse("party:my_party") not in shortcuts


def test_staff_get_no_resident_shortcuts(client, world):
    shortcuts = shortcuts_of(client, world.users["staff_a"])
    assert reverse("casework:case_list") in shortcuts
    assert reverse("cobuilding:community_projects") not in shortcuts


def test_an_account_without_roles_gets_no_shortcuts(client, world):
    from gongzhi.accounts.models import User

    nobody = User.objects.create_user("nobody", password="x-Pass-12345")
    assert shortcuts_of(client, nobody) == ""
