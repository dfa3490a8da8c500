"""Checks of uploaded files that votes (plan documents, publicity photos) and topics (step
documents) share: the content type is read from the bytes, never from the name
(core.uploads.upload_content_type), with deliberation's limits and messages."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongzhi.core.uploads import upload_content_type


def document_validate(upload) -> str:
    """The document's content type, or ValidationFailed: a PDF or an image, of allowed size."""
    return upload_content_type(
        upload, field="documents", max_bytes=settings.DELIBERATION_DOCUMENT_MAX_BYTES,
        too_large=_("文件不能大于 %(mb)s MB。"),
        wrong_type=_("只能上传 PDF、JPEG、PNG 或 WebP 文件。"), allow_pdf=True)


def photo_validate(upload) -> str:
    """The photo's content type, or ValidationFailed: an image of an allowed type and size."""
    return upload_content_type(
        upload, field="photo", max_bytes=settings.CASEWORK_PHOTO_MAX_BYTES,
        too_large=_("照片不能大于 %(mb)s MB。"),
        wrong_type=_("只能上传 JPEG、PNG 或 WebP 格式的照片。"))
