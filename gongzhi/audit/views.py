from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from gongzhi.audit import display, selectors
from gongzhi.audit.forms import AuditSearchForm
from gongzhi.core.errors import PermissionDenied
from gongzhi.core.scoping import has_permission_somewhere


@login_required
def entry_list(request):
    if not has_permission_somewhere(request.user, selectors.VIEW_PERMISSION):
        raise PermissionDenied()
    form = AuditSearchForm(data=request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries_for(request.user, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {
        "form": form, "page": page, "rows": display.entry_views(page.object_list),
        "target_types": display.target_type_choices(selectors.audit_target_types(request.user)),
    })
