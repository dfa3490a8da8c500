"""Starting and confirming an import run: the writes a user causes, checked and audited."""

import base64
import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.audit.services import audit_change
from gongzhi.core import crypto
from gongzhi.core.actions import require
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.jobs.engine import enqueue
from gongzhi.people import rules
from gongzhi.people.choices import ImportStatus
from gongzhi.people.importing.jobs import import_run_check, import_run_execute
from gongzhi.people.importing.reading import file_kind
from gongzhi.people.models import ImportRun
from gongzhi.places.models import Community


@transaction.atomic
def import_run_start(*, actor, community: Community, file_name: str,
                     content: bytes) -> ImportRun:
    """Keep an uploaded file (encrypted) and have it checked in the background."""
    require(actor, rules.UPLOAD_IMPORT, community)
    file_name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    file_kind(file_name, content)
    digest = hashlib.sha256(content).hexdigest()
    run = ImportRun.objects.create(
        community=community, uploaded_by=actor, file_name=file_name,
        content_encrypted=crypto.encrypt(base64.b64encode(content).decode("ascii")),
        content_digest=digest, status=ImportStatus.CHECKING)
    audit_change(actor=actor, instance=run, action="create", before={},
                 after={"file_name": file_name, "size": len(content), "content_digest": digest})
    enqueue(import_run_check, import_id=run.pk)
    return run


@transaction.atomic
def import_run_confirm(*, actor, run: ImportRun, only_clean_rows: bool) -> ImportRun:
    """Import a checked file: all of it (READY), or only its clean rows (READY or INVALID)."""
    if not user_can(actor, rules.IMPORT_PERSON, run):
        raise NotFound()
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    require(actor, rules.IMPORT_CLEAN_ROWS if only_clean_rows else rules.IMPORT_ALL_ROWS, run)
    if not run.content_encrypted:
        raise ValidationFailed(_("文件已删除，请重新上传。"))
    before = {"status": run.status}
    run.status, run.only_clean_rows, run.processed_rows = (ImportStatus.IMPORTING,
                                                           only_clean_rows, 0)
    run.save(update_fields=["status", "only_clean_rows", "processed_rows", "updated_at"])
    audit_change(actor=actor, instance=run, action="update", before=before,
                 after={"status": run.status, "only_clean_rows": only_clean_rows})
    enqueue(import_run_execute, import_id=run.pk, actor_id=actor.pk)
    return run

