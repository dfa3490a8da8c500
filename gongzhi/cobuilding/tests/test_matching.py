"""Matching suggests the obviously right resource first on realistic Chinese texts, and why."""

import datetime

import pytest

from gongzhi.cobuilding import selectors, services
from gongzhi.cobuilding.matching import tokens
from gongzhi.cobuilding.tests.factories import (
    BANK,
    CLINIC,
    PARK,
    POLICE,
    SCHOOL,
    SHOP,
    unit_with_resource,
)

TODAY = datetime.date(2026, 5, 1)

# need title, category, description, expected resource title
CASES = [
    ("独居老人防诈骗宣传", "safety", "", "防诈骗宣传讲座"),
    ("老人测血压", "health", "", "社区健康义诊"),
    ("老人测血压", "other", "", "社区健康义诊"),  # the text alone decides when the category is off
    ("七一主题党日活动", "party", "想找个有教育意义的地方", "爱国主义教育主题党日"),
    ("春节前探访困难家庭", "hardship", "上门慰问独居老人和困难家庭", "学生上门探访困难群众"),
    ("提醒老人识别电信诈骗", "other", "冒充公检法的电话多", "防诈骗宣传讲座"),
]


@pytest.fixture
def resources(world):
    root = world.users["superuser"]
    return {spec[3]: unit_with_resource(root, world.community_a, spec)[1]
            for spec in (BANK, CLINIC, PARK, SCHOOL, POLICE, SHOP)}


@pytest.mark.parametrize(("title", "category", "description", "expected"), CASES)
def test_the_obviously_right_resource_comes_first(world, resources, title, category,
                                                  description, expected):
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title=title, category=category, description=description)

    suggestions = selectors.need_suggestions(world.users["staff_a"], need, today=TODAY)

    assert suggestions[0].resource == resources[expected]


def test_a_suggestion_says_why(world, resources):
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="独居老人防诈骗宣传", category="safety", people_count=40)

    first = selectors.need_suggestions(world.users["staff_a"], need, today=TODAY)[0]

    assert "诈骗" in first.shared_words
    assert first.reasons[0].startswith("文字相似度")
    assert "诈骗" in first.reasons[0]
    assert "类别相同（平安建设）" in first.reasons
    assert "当前可提供" in first.reasons
    assert "可服务 60 人，够 40 人所需" in first.reasons


def test_text_similarity_is_word_based_not_substring(world):
    assert "测血压" in tokens("老人测血压") and "血压" in tokens("老人测血压")
    assert "诈骗" in tokens("独居老人防诈骗宣传")


def test_a_resource_outside_its_availability_ranks_lower(world, resources):
    clinic = resources["社区健康义诊"]
    clinic.available_until = datetime.date(2026, 1, 1)
    clinic.save(update_fields=["available_until"])
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="老人测血压", category="health")

    suggestion = next(s for s in selectors.need_suggestions(world.users["staff_a"], need,
                                                            today=TODAY)
                      if s.resource == clinic)

    assert "当前不在提供期内" in suggestion.reasons


def test_other_communities_resources_are_never_suggested(world, resources):
    root = world.users["superuser"]
    unit_with_resource(root, world.community_b, BANK)
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="独居老人防诈骗宣传", category="safety")

    suggestions = selectors.need_suggestions(world.users["staff_a"], need, today=TODAY)

    assert {s.resource.community_id for s in suggestions} == {world.community_a.pk}
