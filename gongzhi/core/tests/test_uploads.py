"""A photo is stored without what the camera wrote into it: no EXIF (GPS position, device,
time), turned upright first; a PDF is stored as it came."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.uploads import stored_upload, upload_content_type

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def camera_jpeg(*, orientation: int = 1) -> bytes:
    """A 40×20 JPEG with a GPS position, a camera model and an orientation in its EXIF."""
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "甲手机"  # camera model
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (23.0, 8.0, 0.0), 3: "E", 4: (113.0, 17.0, 0.0)}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif, comment=b"Guangzhou")
    return output.getvalue()


def stored(data: bytes, name: str = "photo.jpg") -> Image.Image:
    upload = SimpleUploadedFile(name, data)
    content_type = upload_content_type(upload, field="photo", max_bytes=5 * 1024 * 1024,
                                       too_large="%(mb)s", wrong_type="wrong")
    return Image.open(io.BytesIO(stored_upload(upload, content_type).read()))


def test_the_camera_s_metadata_is_not_stored():
    original = Image.open(io.BytesIO(camera_jpeg()))
    assert original.getexif().get_ifd(GPS_IFD)  # the test photo does carry a position
    photo = stored(camera_jpeg())
    assert photo.format == "JPEG"
    assert dict(photo.getexif()) == {}
    assert "exif" not in photo.info and "comment" not in photo.info


def test_a_turned_photo_is_stored_upright():
    # orientation 6: the camera was turned; the picture is shown rotated 90° clockwise
    photo = stored(camera_jpeg(orientation=6))
    assert photo.size == (20, 40)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format_without_metadata(image_format):
    image = Image.new("RGBA", (10, 10), (0, 0, 255, 128))
    exif = Image.Exif()
    exif[0x0110] = "甲手机"
    output = io.BytesIO()
    image.save(output, format=image_format, exif=exif)
    photo = stored(output.getvalue(), f"photo.{image_format.lower()}")
    assert photo.format == image_format
    assert dict(photo.getexif()) == {}


def test_a_pdf_is_stored_as_it_came():
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    upload = SimpleUploadedFile("plan.pdf", data)
    assert stored_upload(upload, "application/pdf").read() == data


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels (its data is a few bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b""))


def judged(data: bytes) -> str:
    return upload_content_type(SimpleUploadedFile("p.png", data), field="photo",
                               max_bytes=5 * 1024 * 1024, too_large="%(mb)s", wrong_type="wrong")


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # given a real 12000×12000 PNG of one colour (a small file, >1 GB decoded as RGBA)
    output = io.BytesIO()
    Image.new("1", (12000, 12000)).save(output, format="PNG")
    # when it is judged, then it is refused on its field for its size in pixels
    with pytest.raises(ValidationFailed) as refused:
        judged(output.getvalue())
    assert "图片尺寸过大" in refused.value.detail["photo"][0]


@pytest.mark.parametrize(("width", "height"), [(10001, 10), (7000, 7000)])
def test_too_long_a_side_or_too_many_pixels_is_refused(width, height):
    with pytest.raises(ValidationFailed) as refused:
        judged(png_claiming(width, height))
    assert "图片尺寸过大" in refused.value.detail["photo"][0]


def test_pillow_s_own_bomb_error_is_the_wrong_type_answer(monkeypatch):
    # given Pillow's own limit lowered below the picture (Image.open raises
    # DecompressionBombError, which escaped as a 500 before)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)
    # when a 100×100 PNG is judged, then it is refused as not an image we take
    with pytest.raises(ValidationFailed) as refused:
        judged(png_claiming(100, 100))
    assert refused.value.detail == {"photo": ["wrong"]}


def test_an_image_within_the_budget_passes():
    assert judged(png_claiming(6000, 4000)) == "image/png"
