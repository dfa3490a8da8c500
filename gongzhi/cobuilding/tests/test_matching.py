"""Matching suggests the obviously right resource first on realistic Chinese texts, and why."""

import datetime
import re

import pytest
from django.urls import reverse

from gongzhi.cobuilding import selectors, services
from gongzhi.cobuilding.matching import Suggestion, match_level, tokens
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


# ---- reasons people can read: no function words, no raw scores ------------------------------

def test_function_words_and_punctuation_are_never_keywords():
    # given / when
    words = tokens("帮独居老人把药送到家里，了解用药情况。")
    # then
    assert not {"到", "把", "了", "里", "，", "。", "情况"} & set(words)
    assert {"独居", "老人", "药"} <= set(words)  # a meaningful single character stays


def test_shared_keywords_leave_out_stop_words(world):
    # given a need and a resource that share 到 and 家 besides 送药
    root = world.users["superuser"]
    spec = ("黄花药店", "health", "药师送药到家", "送药到家", "clinic", "health", 10)
    unit_with_resource(root, world.community_a, spec)
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="行动不便老人需要有人送药到家", category="health")
    # when
    first = selectors.need_suggestions(world.users["staff_a"], need, today=TODAY)[0]
    # then
    assert "到" not in first.shared_words
    assert "送药" in first.shared_words
    assert "共同关键词：" in first.reasons[0] and "到、" not in first.reasons[0]


@pytest.mark.parametrize(("score", "level", "label"), [
    (0.9, "high", "高"), (0.6, "high", "高"), (0.59, "medium", "中"), (0.35, "medium", "中"),
    (0.2, "low", "低")])
def test_a_score_reads_as_high_medium_or_low(score, level, label):
    # given the default thresholds 0.6 and 0.35
    suggestion = Suggestion(resource=None, score=score, similarity=0, shared_words=[])
    # when / then
    assert (suggestion.level, suggestion.level_label) == (level, label)


def test_the_thresholds_are_settings(settings):
    # given
    settings.COBUILDING_MATCH_HIGH, settings.COBUILDING_MATCH_MEDIUM = 0.9, 0.5
    # when / then
    assert [match_level(s) for s in (0.95, 0.59, 0.4)] == ["high", "medium", "low"]


def test_need_page_shows_the_match_level_in_words_not_a_number(client, world, resources):
    # given
    need = services.need_create(actor=world.users["staff_a"], community=world.community_a,
                                title="独居老人防诈骗宣传", category="safety")
    client.force_login(world.users["staff_a"])
    # when
    html = client.get(reverse("cobuilding:need_detail", args=[need.pk])).content.decode()
    # then
    levels = re.findall(r'data-testid="match-level">([^<]*)<', html)
    assert levels and set(levels) <= {"匹配度 高", "匹配度 中", "匹配度 低"}
    assert not re.search(r"匹配度 \d", html)
