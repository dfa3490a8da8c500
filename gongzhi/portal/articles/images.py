"""An image for an article, made fit to publish: checked to be a JPEG, PNG or WebP by its
bytes (core.uploads), turned upright, scaled down to at most PORTAL_IMAGE_MAX_SIDE pixels on
its longer side, and re-encoded as a new image, so nothing the camera wrote (GPS position,
time, device) is kept."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from gongzhi.core.uploads import SAVE_FORMATS, upload_content_type

TOO_LARGE = _("图片不能超过 %(mb)s MB。")
WRONG_TYPE = _("只能上传 JPEG、PNG 或 WebP 图片。")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def prepared_image(upload, *, field: str = "image") -> ContentFile:
    content_type = upload_content_type(upload, field=field,
                                       max_bytes=settings.PORTAL_IMAGE_MAX_BYTES,
                                       too_large=TOO_LARGE, wrong_type=WRONG_TYPE)
    image_format = SAVE_FORMATS[content_type]
    upload.seek(0)
    with Image.open(upload) as image:
        upright = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA")
        side = settings.PORTAL_IMAGE_MAX_SIDE
        if max(upright.size) > side:
            upright.thumbnail((side, side), Image.Resampling.LANCZOS)
        clean = Image.new(upright.mode, upright.size)  # a new image carries no metadata
        clean.paste(upright)
        output = io.BytesIO()
        options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {}
        clean.save(output, format=image_format, **options)
    upload.seek(0)
    return ContentFile(output.getvalue(), name=f"image.{EXTENSIONS[image_format]}")
