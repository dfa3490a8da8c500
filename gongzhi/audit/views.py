from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.audit import display, selectors
from gongzhi.audit.exporting import export_list
from gongzhi.audit.forms import AuditSearchForm
from gongzhi.core.errors import PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.scoping import has_permission_somewhere


def _changes_text(row) -> str:
    lines = []
    for change in row.changes:
        if change.before is not None and change.after is not None:
            lines.append(f"{change.label}：{change.before} → {change.after}")
        else:
            value = change.after if change.after is not None else change.before
            lines.append(f"{change.label}：{value}")
    if row.fields_read:
        lines.append(f"{_('查看字段')}：{'、'.join(str(f) for f in row.fields_read)}")
    if row.entry.reason:
        lines.append(f"{_('事由：')}{row.entry.reason}")
    return "\n".join(str(line) for line in lines)


ENTRY_COLUMNS = (
    Column(gettext_lazy("时间"), lambda r: r.entry.created_at, 20),
    Column(gettext_lazy("操作人"), lambda r: r.actor, 20),
    Column(gettext_lazy("事件"), lambda r: r.entry.get_action_display()),
    Column(gettext_lazy("结果"), lambda r: r.entry.get_outcome_display()),
    Column(gettext_lazy("对象"), lambda r: r.target, 30),
    Column(gettext_lazy("内容"), _changes_text, 60),
)


@login_required
def entry_list(request):
    if not has_permission_somewhere(request.user, selectors.VIEW_PERMISSION):
        raise PermissionDenied()
    form = AuditSearchForm(data=request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries_for(request.user, **filters)
    # The trail holds personal data (who did what to whom): its export is audited in turn.
    if request.GET.get("export") == "xlsx":
        return export_list(request, display.entry_views(entries), ENTRY_COLUMNS,
                           what="audit.entry_list", title=_("审计记录"), personal=True)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {
        "form": form, "page": page, "rows": display.entry_views(page.object_list),
        "target_types": display.target_type_choices(selectors.audit_target_types(request.user)),
    })
