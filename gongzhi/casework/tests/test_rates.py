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

    token = api_token_create(user=world.users["secretary_a"]).token
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


def test_monthly_trend_and_categories_equal_the_hand_count(world, cases):
    from fractions import Fraction

    from gongzhi.casework.selectors import case_counts_by_category, case_trends

    staff = world.users["staff_a"]
    trends = case_trends(staff, end=datetime.date(2026, 4, 30))
    assert trends["months"][0] == "2025-05" and trends["months"][-1] == "2026-04"
    march, april = trends["rows"][-2], trends["rows"][-1]
    # March as by hand above; April: one received, accepted in time, solved and satisfied
    assert (march["month"], march["received"]) == ("2026-03", 4)
    assert march["rates"] == {"response": Fraction(2, 4), "resolution": Fraction(2, 3),
                              "satisfaction": Fraction(1, 3)}
    assert april["received"] == 1 and april["rates"]["satisfaction"] == 1
    assert trends["rows"][0]["received"] == 0 and trends["rows"][0]["rates"]["response"] is None
    assert case_counts_by_category(staff, start=datetime.date(2026, 3, 1),
                                   end=datetime.date(2026, 3, 31)) == [
        {"category": "屋面漏水", "count": 4}]


def test_rates_page_passes_chart_data_as_json_and_has_no_inline_script(client, world, cases):
    import json

    client.force_login(world.users["staff_a"])
    html = client.get(reverse("casework:rates"), {"start": "2026-03-01",
                                                  "end": "2026-04-30"}).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in attrs or 'type="application/json"' in attrs
                           for attrs in scripts)
    assert "vendor/echarts/echarts.common.min.js" in html and "js/casework_rates.js" in html
    assert "style=" not in html
    data = json.loads(re.search(r'<script id="case-charts" type="application/json">(.*?)'
                                r"</script>", html, re.S).group(1))
    assert data["trend"]["received"][-2:] == [4, 1]
    assert data["trend"]["rates"][0]["values"][-2] == 50.0
    assert data["category"] == {"names": ["屋面漏水"], "counts": [5], "label": "诉求数"}
    # the same numbers as tables
    assert 'data-testid="trend-table"' in html and 'data-testid="category-table"' in html
    assert "2026-03</td>" in html


def test_vendored_echarts_is_served_by_the_project():
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/echarts/echarts.common.min.js")
    assert finders.find("js/casework_rates.js")


def test_recurring_chart_sums_categories_per_building(world):
    from gongzhi.casework.selectors import rates_chart_data

    recurring = [{"building": "甲楼一号", "category": "屋面漏水", "total": 3,
                  "months": ["2026-03", "2026-04"], "by_month": [1, 2]},
                 {"building": "甲楼一号", "category": "下水道堵塞", "total": 3,
                  "months": ["2026-03", "2026-04"], "by_month": [3, 0]}]
    data = rates_chart_data(trends={"months": [], "rows": [], "rate_labels": {}},
                            by_category=[], recurring=recurring)
    assert data["recurring"] == {"months": ["2026-03", "2026-04"],
                                 "series": [{"name": "甲楼一号", "values": [4, 2]}]}
