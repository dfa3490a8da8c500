"""Test helpers of casework: categories, photos and a request walked to a given status."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongzhi.casework import services
from gongzhi.casework.choices import CategoryGroup
from gongzhi.casework.models import Category


def png(name="photo.png", size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def category(community, *, name="屋面漏水", group=CategoryGroup.BUILDING, is_public=True,
             accept_days=1, resolve_days=3) -> Category:
    return Category.objects.get_or_create(
        community=community, name=name,
        defaults={"group": group, "is_public": is_public, "accept_days": accept_days,
                  "resolve_days": resolve_days})[0]


def dispute_of_a(world):
    """A noise dispute in community A reported by staff for 甲居民 (person_a): never public."""
    if not hasattr(world, "case_a"):
        dispute = category(world.community_a, name="邻里噪音纠纷", group=CategoryGroup.DISPUTE,
                           is_public=False)
        world.case_a = services.case_report(
            actor=world.users["staff_a"], category=dispute, building=world.building_a1,
            description="甲居民反映楼上深夜噪音", reporter=world.person_a, photos=[png()])
        world.photo_a = world.case_a.photos.get()
    return world.case_a
