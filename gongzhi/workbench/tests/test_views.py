"""The workbench page: each role sees its sections, each count opens exactly its rows."""

import re

import pytest
import time_machine
from django.urls import reverse

from gongzhi.workbench.tests.factories import (
    NOW,
    TODAY,
    agreement_of,
    cases_of_a,
    need_of,
    poll_of_a,
)

pytestmark = pytest.mark.django_db


def page_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 200
    return response.content.decode()


def count_of(html: str, key: str) -> int:
    match = re.search(rf'data-testid="wb-item-{re.escape(key)}".*?data-testid="wb-count">(\d+)<',
                      html, re.S)
    assert match, key
    return int(match.group(1))


def url_of(html: str, key: str) -> str:
    match = re.search(rf'href="([^"]+)" data-testid="wb-item-{re.escape(key)}"', html)
    assert match, key
    return match.group(1).replace("&amp;", "&")


def rows_behind(client, html: str, key: str, row_testid: str) -> int:
    return client.get(url_of(html, key)).content.decode().count(f'data-testid="{row_testid}"')


def test_anonymous_is_sent_to_the_public_portal(client, world):
    # a visitor who has not logged in starts on the portal (issue 17); one whose session ran
    # out goes to the login page instead (accounts/tests/test_views.py)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_staff_see_their_community_sections_and_each_count_opens_its_rows(client, world):
    # given
    cases_of_a(world)
    need_of(world, world.community_a)
    agreement_of(world, world.community_a, ends_on=TODAY.replace(day=20))
    poll_of_a(world)
    with time_machine.travel(NOW, tick=False):
        # when
        html = page_of(client, world.users["staff_a"])
        # then
        for key in ("cases", "deliberation", "cobuilding"):
            assert f'data-testid="wb-section-{key}"' in html
        for key in ("grid", "resident", "party", "partner", "street"):
            assert f'data-testid="wb-section-{key}"' not in html
        expected = {"cases.dispatch": 2, "cases.accept": 1, "cases.due_today": 1,
                    "cases.overdue": 1, "cases.follow_up": 1, "needs.unmatched": 1,
                    "agreements.expiring": 1, "polls.closing": 1, "votes.closing": 0}
        assert {key: count_of(html, key) for key in expected} == expected
        for key in ("cases.dispatch", "cases.accept", "cases.due_today", "cases.overdue",
                    "cases.follow_up"):
            assert rows_behind(client, html, key, "case-row") == expected[key], key
        assert rows_behind(client, html, "needs.unmatched", "need-row") == 1
        assert rows_behind(client, html, "agreements.expiring", "agreement-row") == 1
        assert rows_behind(client, html, "polls.closing", "poll-row") == 1
        assert rows_behind(client, html, "votes.closing", "vote-row") == 0
        assert 'data-testid="wb-rates"' in html


def test_overdue_is_shown_in_red(client, world):
    cases_of_a(world)
    with time_machine.travel(NOW, tick=False):
        html = page_of(client, world.users["staff_a"])
    item = html[html.index('data-testid="wb-item-cases.overdue"'):]
    assert 'class="gz-wb-count gz-wb-danger" data-testid="wb-count">1<' in item[:400]


def test_a_grid_worker_sees_only_their_grid_section(client, world):
    cases_of_a(world)
    with time_machine.travel(NOW, tick=False):
        html = page_of(client, world.users["grid_a1"])
        assert 'data-testid="wb-section-grid"' in html
        assert 'data-testid="wb-section-cases"' not in html
        assert (count_of(html, "cases.assigned"), count_of(html, "cases.grid_open")) == (2, 3)
        assert rows_behind(client, html, "cases.assigned", "case-row") == 2
        assert rows_behind(client, html, "cases.grid_open", "case-row") == 3


def test_a_resident_sees_their_ballots_ratings_and_notices(client, world):
    from gongzhi.notifications import services as notification_services

    # given
    cases_of_a(world)
    poll = poll_of_a(world)
    notification_services.notice_publish(
        actor=world.users["staff_a"], community=world.community_a, building=world.building_a2,
        title="甲楼停水通知", body="明天上午停水")
    with time_machine.travel(NOW, tick=False):
        # when
        html = page_of(client, world.users["resident_a"])
        # then
        assert 'data-testid="wb-section-resident"' in html
        assert 'data-testid="wb-section-cases"' not in html
        assert 'data-testid="wb-section-street"' not in html
        assert url_of(html, f"poll.{poll.pk}") == (
            f"{reverse('deliberation:my_polls')}#my-poll-{poll.pk}")
        assert client.get(url_of(html, f"poll.{poll.pk}")).status_code == 200
        assert poll.closes_on.isoformat() in html
        assert count_of(html, "cases.rate") == 1
        assert rows_behind(client, html, "cases.rate", "case-row") == 1
        assert "甲楼停水通知" in html


def test_a_partner_contact_sees_what_waits_for_their_unit(client, world):
    from gongzhi.casework.models import Case
    from gongzhi.cobuilding.tests.factories import BANK, partner_contact, unit_with_resource

    bank, _resource = unit_with_resource(world.users["superuser"], world.community_a, BANK)
    contact = partner_contact(world.community_a, bank, "bank_contact")
    case = cases_of_a(world)["dispatched"]
    Case.objects.filter(pk=case.pk).update(partner_unit=bank, handler=None)
    html = page_of(client, contact)
    assert 'data-testid="wb-section-partner"' in html
    assert 'data-testid="wb-section-resident"' not in html
    assert count_of(html, "cases.partner_accept") == 1
    assert rows_behind(client, html, "cases.partner_accept", "case-row") == 1
    assert count_of(html, "matches.pending") == 0


def test_a_party_member_sees_posts_claims_and_hours(client, world):
    from gongzhi.party.tests.factories import party_of_a

    party_of_a(world)
    html = page_of(client, world.users["party_a"])
    assert 'data-testid="wb-section-party"' in html
    assert (count_of(html, "posts.open"), count_of(html, "claims.mine")) == (1, 1)
    assert url_of(html, "claims.mine") == reverse("party:my_party") + "#own-claims"
    assert "0 小时" in html


def test_the_street_admin_compares_the_communities_and_each_figure_opens_its_rows(client,
                                                                                  world):
    cases_of_a(world)
    with time_machine.travel(NOW, tick=False):
        html = page_of(client, world.users["street_admin"])
        assert 'data-testid="wb-section-street"' in html
        assert 'data-testid="wb-section-cases"' not in html
        row = html[html.index(f'data-testid="wb-row-{world.community_a.pk}"'):]
        row = row[:row.index("</tr>")]
        links = {key: (url.replace("&amp;", "&"), value) for url, key, value
                 in re.findall(r'href="([^"]+)" data-testid="wb-cell-(\w+)">([^<]*)<', row)}
        assert links["open"][1] == "6" and links["overdue"][1] == "1"
        for key in ("open", "overdue"):
            listed = client.get(links[key][0]).content.decode().count('data-testid="case-row"')
            assert listed == int(links[key][1]), key
        assert "乙社区" in html and "丙社区" not in html


def test_someone_without_roles_gets_an_empty_workbench(client, world):
    from gongzhi.accounts.models import User

    html = page_of(client, User.objects.create_user("nobody", password="x-Pass-12345"))
    assert 'data-testid="wb-section-' not in html
    assert "尚未分配角色" in html
