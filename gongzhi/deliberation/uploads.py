"""Checks of uploaded files that votes (plan documents, publicity photos) and topics (step
documents) share: the content type is read from the bytes, never from the name."""

import io

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from gongzhi.core.errors import ValidationFailed

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def _image_format(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return image_format


def document_validate(upload) -> str:
    """The document's content type, or ValidationFailed: a PDF or an image, of allowed size."""
    if upload.size > settings.DELIBERATION_DOCUMENT_MAX_BYTES:
        raise ValidationFailed(detail={"documents": [str(_("文件不能大于 %(mb)s MB。") % {
            "mb": settings.DELIBERATION_DOCUMENT_MAX_BYTES // (1024 * 1024)})]})
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    image_format = _image_format(data)
    if image_format not in IMAGE_FORMATS:
        raise ValidationFailed(
            detail={"documents": [str(_("只能上传 PDF、JPEG、PNG 或 WebP 文件。"))]})
    return IMAGE_FORMATS[image_format]


def photo_validate(upload) -> str:
    """The photo's content type, or ValidationFailed: an image of an allowed type and size."""
    limit = getattr(settings, "CASEWORK_PHOTO_MAX_BYTES", 5 * 1024 * 1024)
    if upload.size > limit:
        raise ValidationFailed(detail={"photo": [str(_("照片不能大于 %(mb)s MB。") % {
            "mb": limit // (1024 * 1024)})]})
    data = upload.read()
    upload.seek(0)
    image_format = _image_format(data)
    if image_format not in IMAGE_FORMATS:
        raise ValidationFailed(
            detail={"photo": [str(_("只能上传 JPEG、PNG 或 WebP 格式的照片。"))]})
    return IMAGE_FORMATS[image_format]
