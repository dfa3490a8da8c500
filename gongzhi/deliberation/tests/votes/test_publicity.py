"""Publicity evidence of a vote's published result: photos of the posted notice, their
scoping, and the printable notice itself."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gongzhi.core.errors import DomainError, NotFound, ValidationFailed
from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
from gongzhi.deliberation.votes import printing, services
from gongzhi.deliberation.votes.models import PublicityPhoto

pytestmark = pytest.mark.django_db


def png(size=(16, 16)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return SimpleUploadedFile("board.png", buffer.getvalue(), "image/png")


def published_elevator_vote(world):
    owned_flats(world, count=4)
    staff = world.users["staff_a"]
    vote = open_vote(world, kind="elevator", title="一单元加装电梯",
                     cost_total=Decimal("400000"), cost_scheme="floor",
                     cost_parameters={"1": "0", "2": "1", "3": "1", "4": "2"})
    for elector in vote.electors.order_by("floor"):
        ballot = services.ballot_enter_paper(actor=staff, vote=vote, elector=elector,
                                             choice="yes", voter_name="业主", scan=scan())
        services.ballot_check(actor=world.users["secretary_a"], ballot=ballot, approve=True)
    services.vote_close(actor=staff, vote=vote, confirm_early=True)
    return services.vote_publish(actor=staff, vote=vote)


def test_publicity_photo_is_validated_and_scoped(world, client):
    staff = world.users["staff_a"]
    vote = published_elevator_vote(world)
    draft = open_vote(world)
    with pytest.raises(DomainError) as error:  # only once published
        services.publicity_photo_add(actor=staff, vote=draft, place="宣传栏",
                                     posted_on=timezone.localdate(), photo=png())
    assert error.value.code == "not_published"
    with pytest.raises(NotFound):
        services.publicity_photo_add(actor=world.users["staff_b"], vote=vote,
                                     place="宣传栏", posted_on=timezone.localdate(),
                                     photo=png())
    with pytest.raises(ValidationFailed):  # not an image
        services.publicity_photo_add(actor=staff, vote=vote, place="宣传栏",
                                     posted_on=timezone.localdate(), photo=scan())
    with pytest.raises(ValidationFailed):  # before publication
        services.publicity_photo_add(actor=staff, vote=vote, place="宣传栏",
                                     posted_on=timezone.localdate()
                                     - datetime.timedelta(days=3), photo=png())
    assert PublicityPhoto.objects.count() == 0
    client.force_login(staff)
    response = client.post(f"/deliberation/votes/{vote.pk}/publicity-photos/", {
        "posted_on": timezone.localdate().isoformat(), "place": "一单元楼道口公告栏",
        "photo": png()})
    assert response.status_code == 302
    photo = PublicityPhoto.objects.get()
    assert (photo.place, photo.content_type) == ("一单元楼道口公告栏", "image/png")
    assert client.get(f"/deliberation/publicity-photos/{photo.pk}/").status_code == 200
    page = client.get(f"/deliberation/votes/{vote.pk}/").content.decode()
    assert "一单元楼道口公告栏" in page
    client.force_login(world.users["staff_b"])
    assert client.get(f"/deliberation/publicity-photos/{photo.pk}/").status_code == 404
    client.force_login(world.users["resident_a"])
    assert client.get(f"/deliberation/publicity-photos/{photo.pk}/").status_code == 404
    # the record PDF carries the photo inline
    html = printing.vote_record_html(vote)
    assert "一单元楼道口公告栏" in html and "data:image/png;base64," in html


def test_notice_shows_result_gates_shares_period_and_how_to_object(world, client):
    vote = published_elevator_vote(world)
    html = printing.vote_notice_html(vote)
    assert "表决通过" in html
    assert "400.00（100.0%）" in html and "4（100.0%）" in html  # area and headcount
    assert "100000.00" in html and "200000.00" in html      # each flat's share
    assert vote.publicity_ends_on.strftime("%Y年") in html and "异议" in html
    assert "甲住户" not in html and "业主1" not in html      # no names on the board
    client.force_login(world.users["staff_a"])
    response = client.get(f"/deliberation/votes/{vote.pk}/notice.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(world.users["staff_b"])
    assert client.get(f"/deliberation/votes/{vote.pk}/notice.pdf").status_code == 404
