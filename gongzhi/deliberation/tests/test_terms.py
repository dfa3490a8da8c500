"""One word per concept (docs/glossary.md): 业主表决 for owners' votes, 居民投票 for polls,
我的业主表决 / 我的居民投票 for the resident's pages. The retired words appear nowhere a
user can read them: templates, menus, messages, API descriptions."""

import re
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]  # the gongzhi package
RETIRED = re.compile(r"居民表决|我的表决|我的投票|发起表决|建立表决")


def test_retired_words_are_gone_from_templates_and_code():
    hits = []
    for path in ROOT.rglob("*"):
        if path.suffix not in {".html", ".py", ".txt"} or "locale" in path.parts \
                or "migrations" in path.parts or "tests" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RETIRED.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert hits == []


def test_the_glossary_settles_the_terms():
    glossary = (ROOT.parent / "docs" / "glossary.md").read_text(encoding="utf-8")
    for row in ("| 业主表决 | owners' vote — `Vote` |", "| 居民投票（一人一票） | poll — `Poll` |",
                "| 我的业主表决 |", "| 我的居民投票 |"):
        assert row in glossary


def test_the_resident_pages_use_the_settled_titles(client, world):
    client.force_login(world.users["resident_a"])
    my_votes = client.get(reverse("deliberation:my_votes")).content.decode()
    my_polls = client.get(reverse("deliberation:my_polls")).content.decode()
    assert "<title>我的业主表决" in my_votes and "我的居民投票" in my_votes
    assert "<title>我的居民投票" in my_polls and "我的业主表决" in my_polls
