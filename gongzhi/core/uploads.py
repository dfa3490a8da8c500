"""Checking an uploaded file before it is stored: its size, and that it is what it says; and
storing a photo without what the camera wrote into it (where and when it was taken, the
device), which can say where someone lives."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from gongzhi.core.errors import ValidationFailed

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# A small file can hold a huge picture (a 12000×12000 PNG of one colour is 0.7 MB and takes
# more than 1 GB once decoded): an image is judged by its pixels, read from its header,
# before anything decodes it.
MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000
TOO_MANY_PIXELS = _("图片尺寸过大：最多 %(megapixels)s 百万像素，每边不超过 %(side)s 像素。")


class _TooManyPixels(Exception):
    pass


def upload_content_type(upload, *, field: str, max_bytes: int, too_large, wrong_type,
                        allow_pdf: bool = False) -> str:
    """The content type of an uploaded image (JPEG, PNG, WebP; a PDF too with `allow_pdf`),
    judged from its bytes, never from its name or the browser's word; else ValidationFailed
    on `field`, with `too_large` (formatted with the limit as `mb`) or `wrong_type`. An image
    of more than MAX_PIXELS pixels or a side over MAX_SIDE is refused from its header, before
    it is decoded (a decompression bomb)."""
    if upload.size > max_bytes:
        limit = {"mb": max_bytes // (1024 * 1024)}
        raise ValidationFailed(detail={field: [str(too_large % limit)]})
    data = upload.read()
    upload.seek(0)
    if allow_pdf and data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise _TooManyPixels
            image.verify()  # a truncated or forged file fails here, before it is stored
    except _TooManyPixels:
        limits = {"megapixels": MAX_PIXELS // 1_000_000, "side": MAX_SIDE}
        raise ValidationFailed(detail={field: [str(TOO_MANY_PIXELS % limits)]}) from None
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError):
        image_format = None
    if image_format not in IMAGE_FORMATS:
        raise ValidationFailed(detail={field: [str(wrong_type)]})
    return IMAGE_FORMATS[image_format]


SAVE_FORMATS = {value: key for key, value in IMAGE_FORMATS.items()}


def stored_upload(upload, content_type: str):
    """What to store of a checked upload: an image re-encoded without its metadata (EXIF with
    its GPS position, XMP, comments), turned upright as the camera meant it first; anything
    else (a PDF) as it came."""
    if content_type not in SAVE_FORMATS:
        return upload
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = SAVE_FORMATS[content_type]
        upright = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA")
        # a new image has no info: nothing of the original's metadata can be written out
        clean = Image.new(upright.mode, upright.size)
        clean.paste(upright)
        output = io.BytesIO()
        options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
        clean.save(output, format=image_format, **options)
    upload.seek(0)
    return ContentFile(output.getvalue())
