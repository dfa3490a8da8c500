"""The printed vote record and result notice: the rule is named once, the notice's share
table flows across pages with its header repeated, and people are shown by display name."""

from decimal import Decimal

import pytest
from weasyprint import HTML

from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
from gongzhi.deliberation.votes import printing, services
from gongzhi.places.models import Flat

SHARES_HEADER = "单元房号楼层分摊金额（元）"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page_texts(html: str) -> list[str]:
    """The text of each page as WeasyPrint lays it out."""
    def texts(box):
        if hasattr(box, "text"):
            yield box.text
        for child in getattr(box, "children", None) or []:
            yield from texts(child)

    return ["".join(texts(page._page_box)) for page in HTML(string=html).render().pages]


def published(world, **fields):
    staff = world.users["staff_a"]
    vote = open_vote(world, **fields)
    vote = services.vote_close(actor=staff, vote=vote, confirm_early=True)
    return services.vote_publish(actor=staff, vote=vote)


def test_the_rule_is_named_once_in_both_pdfs(world):
    owned_flats(world, count=4)
    vote = published(world, cost_total=Decimal("4000"))
    rule = vote.rule_set
    for html in (printing.vote_notice_html(vote), printing.vote_record_html(vote)):
        assert html.count(rule.source) == 1
        assert rule.name not in html
    assert "适用规则：《中华人民共和国民法典》第二百七十八条第二款（2021-01-01 起施行）" in \
        printing.vote_record_html(vote)


def test_the_share_table_flows_across_pages_with_its_header(world):
    # given a unit of 4 owned flats and 36 more, each with its share of the cost
    owned_flats(world, count=4)
    for floor in range(5, 14):
        for room in range(1, 5):
            Flat.objects.create(unit=world.unit_a1, room_number=f"{floor}0{room}", floor=floor,
                                floor_area=Decimal("80.00"), is_unsold=True,
                                unsold_evidence="开发商未售房源清单")
    vote = published(world, cost_total=Decimal("400000"))
    rooms = [row["room"] for row in vote.result["flats"]]
    assert len(rooms) == 40
    # when the notice is laid out
    pages = page_texts(printing.vote_notice_html(vote))
    # then the table starts on the first page with more than two rows and goes on, each
    # later page opening with the header again, every row printed once
    assert len(pages) >= 2
    first_rows = pages[0].split(SHARES_HEADER, 1)[1]
    assert sum(1 for row in vote.result["flats"]
               if f"{row['unit']}{row['room']}{row['floor']}{row['share']}" in first_rows) > 2
    continued = [page for page in pages[1:] if any(room in page for room in rooms)]
    assert continued and all(page.startswith(SHARES_HEADER) for page in continued)
    text = "".join(pages)
    for row in vote.result["flats"]:
        assert text.count(f"{row['unit']}{row['room']}{row['floor']}{row['share']}") == 1


def test_the_vote_record_shows_display_names_not_login_names(world):
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    staff.display_name, secretary.display_name = "社工小陈", "书记老林"
    staff.save(update_fields=["display_name"])
    secretary.save(update_fields=["display_name"])
    owned_flats(world, count=2)
    vote = open_vote(world)
    ballot = services.ballot_enter_paper(actor=staff, vote=vote,
                                         elector=vote.electors.first(), choice="yes",
                                         voter_name="业主1", scan=scan())
    services.ballot_check(actor=secretary, ballot=ballot, approve=True)
    html = printing.vote_record_html(vote)
    assert "社工小陈 / 书记老林" in html
    assert "staff_a" not in html and "secretary_a" not in html


def test_the_record_names_the_exclusive_area_and_each_flat_s_source(world):
    # given a vote whose flats' exclusive areas come from the register and from a survey
    flats, _owners = owned_flats(world, count=2)
    flats[0].area_source, flats[1].area_source = "register", "survey"
    for flat in flats:
        flat.save(update_fields=["area_source"])
    vote = published(world)
    # when its record is printed
    html = printing.vote_record_html(vote)
    # then the electorate table heads the area column as the exclusive area and shows the source
    assert "专有部分面积" in html
    assert "不动产登记" in html and "测绘报告" in html


def test_the_record_states_how_an_owner_whose_flats_voted_differently_was_counted(world):
    # given a published vote whose count found one owner of several flats voting differently
    owned_flats(world, count=2)
    vote = published(world)
    vote.result = {**vote.result, "split_owners": 1}
    # when its record is printed
    html = printing.vote_record_html(vote)
    # then it says how that owner was counted: area by flat, one person taking part, not as yes
    assert 'data-testid="split-owners"' in html
    assert "人数按一人计为参与、不计为同意" in html


def test_the_record_says_nothing_of_split_owners_when_there_are_none(world):
    # given a published vote where every owner voted one way
    owned_flats(world, count=2)
    vote = published(world)
    # when its record is printed, then no such line appears
    assert 'data-testid="split-owners"' not in printing.vote_record_html(vote)
