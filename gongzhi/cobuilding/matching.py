"""Suggest resources for a need, and say why.

The text similarity is real: both texts are segmented into words with jieba (its dictionary
ships inside the package, nothing is downloaded), weighted by TF-IDF over the community's
resources plus the need, and compared by cosine. Category, availability, capacity and the
provider's past performance add to the score. Every part that counts becomes a reason in
Chinese. A party member's resource is ranked like a unit's: their skills stand for the unit's
offers, and the finished projects their resources served are their past performance.
"""

import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jieba
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gongzhi.cobuilding.choices import ProjectStatus

jieba.setLogLevel(logging.WARNING)


def _read_stop_words() -> frozenset[str]:
    """Words that say nothing about what is needed or offered: stop_words.txt, documented
    there (common words of every need, and function words such as 的, 到, 了)."""
    lines = (Path(__file__).with_name("stop_words.txt").read_text(encoding="utf-8")
             .splitlines())
    return frozenset(line.strip() for line in lines
                     if line.strip() and not line.lstrip().startswith("#"))


STOP_WORDS = _read_stop_words()


def is_keyword(word: str) -> bool:
    """A word worth comparing and showing: not a stop word, and not a lone punctuation mark
    or symbol (a word needs a letter, a digit or a Chinese character)."""
    word = word.strip()
    return bool(word) and word not in STOP_WORDS and any(ch.isalnum() for ch in word)


# How a score (0 to 1) reads to people: 高 / 中 / 低, thresholds in settings.
MATCH_LEVEL_LABELS = {"high": gettext_lazy("高"), "medium": gettext_lazy("中"),
                      "low": gettext_lazy("低")}


def match_level(score) -> str:
    """"high", "medium" or "low" for a score, by COBUILDING_MATCH_HIGH and _MEDIUM."""
    score = float(score)
    if score >= settings.COBUILDING_MATCH_HIGH:
        return "high"
    if score >= settings.COBUILDING_MATCH_MEDIUM:
        return "medium"
    return "low"

WEIGHT_TEXT = 0.6
WEIGHT_CATEGORY = 0.2
WEIGHT_AVAILABLE = 0.1
WEIGHT_CAPACITY = 0.05
WEIGHT_PERFORMANCE = 0.05


def tokens(text: str) -> list[str]:
    """Words of a Chinese text: jieba's search mode, so compounds also yield their parts."""
    return [word for word in jieba.lcut_for_search(text.lower()) if is_keyword(word)]


def tfidf_vectors(documents: list[list[str]]) -> list[dict[str, float]]:
    """Smoothed TF-IDF (as scikit-learn computes it), L2-normalised."""
    count = len(documents)
    document_frequency = Counter(word for document in documents for word in set(document))
    vectors = []
    for document in documents:
        term_frequency = Counter(document)
        vector = {word: frequency * (math.log((1 + count) / (1 + document_frequency[word])) + 1)
                  for word, frequency in term_frequency.items()}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        vectors.append({word: value / norm for word, value in vector.items()})
    return vectors


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    return sum(value * right.get(word, 0.0) for word, value in left.items())


@dataclass
class Suggestion:
    resource: object
    score: float
    similarity: float
    shared_words: list[str]
    reasons: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        return match_level(self.score)

    @property
    def level_label(self) -> str:
        return str(MATCH_LEVEL_LABELS[self.level])


def need_text(need) -> str:
    return " ".join([need.title, need.title, need.description, need.affected])


def resource_text(resource) -> str:
    if resource.unit_id:
        offers = resource.unit.offers
    elif resource.member_id:
        offers = resource.member.skills
    else:
        offers = ""
    return " ".join([resource.title, resource.title, resource.description,
                     resource.get_kind_display(), offers])


def suggest(need, resources, *, today: date,
            finished_projects: dict[tuple[str, int], int] | None = None,
            limit: int = 5) -> list[Suggestion]:
    """Rank `resources` for `need`, best first; only those with some fit are returned.

    `finished_projects` counts finished projects by provider (Resource.provider_key)."""
    resources = list(resources)
    if not resources:
        return []
    finished_projects = finished_projects or {}
    documents = [tokens(need_text(need))] + [tokens(resource_text(r)) for r in resources]
    vectors = tfidf_vectors(documents)
    need_vector = vectors[0]
    suggestions = []
    for resource, vector in zip(resources, vectors[1:], strict=True):
        similarity = cosine(need_vector, vector)
        shared = sorted((w for w in need_vector if w in vector),
                        key=lambda w: -need_vector[w] * vector[w])[:5]
        score, reasons = WEIGHT_TEXT * similarity, []
        if shared:
            reasons.append(_("文字相似度 %(percent)d%%，共同关键词：%(words)s")
                           % {"percent": round(similarity * 100), "words": "、".join(shared)})
        if resource.category == need.category:
            score += WEIGHT_CATEGORY
            reasons.append(_("类别相同（%(category)s）")
                           % {"category": need.get_category_display()})
        if resource.is_available_on(today):
            score += WEIGHT_AVAILABLE
            reasons.append(_("当前可提供"))
        else:
            reasons.append(_("当前不在提供期内"))
        if need.people_count and resource.capacity:
            if resource.capacity >= need.people_count:
                score += WEIGHT_CAPACITY
                reasons.append(_("可服务 %(capacity)d 人，够 %(people)d 人所需")
                               % {"capacity": resource.capacity, "people": need.people_count})
            else:
                reasons.append(_("每次只能服务 %(capacity)d 人，少于 %(people)d 人")
                               % {"capacity": resource.capacity, "people": need.people_count})
        done = finished_projects.get(resource.provider_key, 0)
        if done:
            score += WEIGHT_PERFORMANCE * min(done, 3) / 3
            if resource.unit_id:
                reasons.append(ngettext("该单位已完成 %(count)d 个共建项目",
                                        "该单位已完成 %(count)d 个共建项目", done)
                               % {"count": done})
            else:
                reasons.append(ngettext("该党员已参与完成 %(count)d 个共建项目",
                                        "该党员已参与完成 %(count)d 个共建项目", done)
                               % {"count": done})
        if similarity == 0 and resource.category != need.category:
            continue
        suggestions.append(Suggestion(resource, round(min(score, 1.0), 3), similarity, shared,
                                      reasons))
    suggestions.sort(key=lambda s: (-s.score, s.resource.pk))
    return suggestions[:limit]


def finished_projects_by_unit(projects) -> dict[tuple[str, int], int]:
    """Finished projects each unit led, keyed like Resource.provider_key."""
    counts = Counter(("unit", p.lead_unit_id) for p in projects
                     if p.status == ProjectStatus.FINISHED and p.lead_unit_id)
    return dict(counts)


def finished_projects_by_provider(projects, member_links) -> dict[tuple[str, int], int]:
    """Units: finished projects they led. Members: distinct finished projects that one of
    their resources served (`member_links`: (member_id, project_id) pairs)."""
    counts = Counter(finished_projects_by_unit(projects))
    counts.update(("member", member_id) for member_id, _project in set(member_links))
    return dict(counts)
