"""A photo is stored without what the camera wrote into it: no EXIF (GPS position, device,
time), turned upright first; a PDF is stored as it came."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

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
