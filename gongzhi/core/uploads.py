"""Checking an uploaded file before it is stored: its size, and that it is what it says."""

import io

from PIL import Image, UnidentifiedImageError

from gongzhi.core.errors import ValidationFailed

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def upload_content_type(upload, *, field: str, max_bytes: int, too_large, wrong_type,
                        allow_pdf: bool = False) -> str:
    """The content type of an uploaded image (JPEG, PNG, WebP; a PDF too with `allow_pdf`),
    judged from its bytes, never from its name or the browser's word; else ValidationFailed
    on `field`, with `too_large` (formatted with the limit as `mb`) or `wrong_type`."""
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
            image.verify()  # a truncated or forged file fails here, before it is stored
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    if image_format not in IMAGE_FORMATS:
        raise ValidationFailed(detail={field: [str(wrong_type)]})
    return IMAGE_FORMATS[image_format]
