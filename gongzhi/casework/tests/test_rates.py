"""The three rates computed by hand for a small case set equal the page's and the API's."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from gongzhi.casework import services
from gongzhi.casework.calendar import seed_calendar_2026
from gongzhi.casework.tests.factories import category

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour):
    return datetime.datetime(2026, 3, day, hour, 0, tzinfo=SHANGHAI)


def run(world, *, reported, accepted=None, follow_up=None, unreasonable=False):
    staff, handler, resident = (world.users[n] for n in ("staff_a", "grid_a1", "resident_a"))
    with time_machine.travel(reported, tick=False):
        case = services.case_report(actor=resident, category=category(world.community_a),
                                    building=world.building_a1, description="顶楼漏水")
    if accepted is None:
        return case
    with time_machine.travel(accepted, tick=False):
        services.case_dispatch(actor=staff, case=case, handler=handler)
        services.case_accept(actor=handler, case=case)
        if unreasonable:
            services.case_mark_unreasonable(actor=staff, case=case, note="要求重建")
            services.case_review(actor=world.users["street_admin"], case=case, is_upheld=True,
                                 note="属实")
            return case
        services.case_answer(actor=handler, case=case, answer="已处理")
        if follow_up:
            services.case_follow_up(actor=resident, case=case, is_solved=follow_up[0],
                                    is_satisfied=follow_up[1])
    return case


@pytest.fixture
def cases(world):
    """Accept within one working day (Mon 2 March → due Tue 3 March 18:00)."""
    seed_calendar_2026()
    run(world, reported=at(2, 10), accepted=at(2, 12), follow_up=(True, True))    # in time
    run(world, reported=at(2, 10), accepted=at(5, 9), follow_up=(False, False))   # late
    run(world, reported=at(3, 10), accepted=at(3, 11), follow_up=(True, False))   # in time
    run(world, reported=at(4, 10))                                                # waiting
    run(world, reported=at(4, 10), accepted=at(4, 11), unreasonable=True)         # left out
    run(world, reported=datetime.datetime(2026, 4, 2, 10, tzinfo=SHANGHAI),
        accepted=datetime.datetime(2026, 4, 2, 11, tzinfo=SHANGHAI), follow_up=(True, True))


# By hand, for requests received in March: 4 received (the unreasonable one is left out, the
# April one is outside the period); 2 accepted in time → response 2/4; 3 followed up, 2 say
# solved → resolution 2/3; 1 says satisfied → satisfaction 1/3.
EXPECTED = {"response": 2 / 4, "resolution": 2 / 3, "satisfaction": 1 / 3}


def test_selector_equals_the_hand_count(world, cases):
    from gongzhi.casework.selectors import case_rates

    result = case_rates(world.users["secretary_a"], start=datetime.date(2026, 3, 1),
                        end=datetime.date(2026, 3, 31))
    assert result["total"]["counts"] == {"received": 4, "responded": 3,
                                         "responded_in_time": 2, "followed_up": 3,
                                         "solved": 2, "satisfied": 1, "closed": 1}
    assert {k: float(v) for k, v in result["total"]["rates"].items()} == EXPECTED


def test_page_shows_the_hand_count_and_the_formulas(client, world, cases):
    client.force_login(world.users["secretary_a"])
    response = client.get(reverse("casework:rates"),
                          {"start": "2026-03-01", "end": "2026-03-31", "group_by": "handler"})
    html = response.content.decode()
    shown = dict(re.findall(r'data-testid="rate-(\w+)">([\d.]+)%', html))
    assert shown == {"response": "50.0", "resolution": "66.7", "satisfaction": "33.3"}
    assert "在接单时限内接单的诉求数" in html and "回访表示满意的诉求数" in html


def test_api_gives_the_hand_count(client, world, cases):
    from gongzhi.accounts.services import api_token_create

    token = api_token_create(user=world.users["secretary_a"])
    response = client.get("/api/v1/casework/rates",
                          {"start": "2026-03-01", "end": "2026-03-31", "group_by": "category"},
                          headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    assert {k: pytest.approx(v, abs=1e-6) for k, v in body["total"]["rates"].items()} == EXPECTED
    assert body["formulas"]["response"]["numerator"] == "responded_in_time"
    assert [row["name"] for row in body["rows"]] == ["屋面漏水"]


def test_the_formula_is_a_setting(world, cases, settings):
    from gongzhi.casework.selectors import case_rates

    settings.CASEWORK_RATES = {**settings.CASEWORK_RATES,
                               "response": {"numerator": "responded", "denominator": "received"}}
    result = case_rates(world.users["secretary_a"], start=datetime.date(2026, 3, 1),
                        end=datetime.date(2026, 3, 31))
    assert float(result["total"]["rates"]["response"]) == 3 / 4


def test_staff_of_another_community_count_nothing(world, cases):
    from gongzhi.casework.selectors import case_rates

    result = case_rates(world.users["staff_b"], start=datetime.date(2026, 3, 1),
                        end=datetime.date(2026, 3, 31))
    assert result["total"]["counts"]["received"] == 0
