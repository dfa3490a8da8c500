from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.exporting import Column
from gongzhi.core.forms import add_domain_error, domain_error_text, submit_form
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.people import access, exporting, rules, selectors, services
from gongzhi.people.choices import RevealReason, SensitiveFlag
from gongzhi.people.forms import (
    CorrectionForm,
    CorrectionResolveForm,
    ImportConfirmForm,
    ImportUploadForm,
    MoveInForm,
    MoveOutForm,
    OwnershipForm,
    OwnPhoneForm,
    PersonForm,
    PersonSearchForm,
    QuickEditForm,
    RevealForm,
)
from gongzhi.people.importing import services as import_services
from gongzhi.people.importing.template import template_xlsx
from gongzhi.people.responses import xlsx_response
from gongzhi.places import access as place_access
from gongzhi.places import selectors as place_selectors


def _age(person):
    return person.age_on(timezone.localdate())


# What the list shows, masked as it shows it (full numbers only through the audited reveal).
PERSON_COLUMNS = (
    Column(gettext_lazy("姓名"), lambda p: p.name),
    Column(gettext_lazy("住址"), lambda p: (
        f"{p.flat.building.name} {p.flat.unit.number}-{p.flat.room_number}" if p.flat
        else _("已迁出")), 24),
    Column(gettext_lazy("年龄"), _age),
    Column(gettext_lazy("联系电话"), lambda p: p.phone_masked or ""),
    Column(gettext_lazy("身份证号"), lambda p: p.id_number_masked or "", 22),
    Column(gettext_lazy("提示"), lambda p: "、".join(str(tag) for tag, shown in (
        (_("60岁以上"), (_age(p) or 0) >= 60), (_("独居"), p.is_living_alone)) if shown)),
)


def _require_people_access(user):
    if not rules.can_view_people(user):
        raise PermissionDenied()


@login_required
def person_list(request):
    _require_people_access(request.user)
    buildings = place_selectors.building_list(request.user).filter(use="residential")
    may_search_flags = has_permission_somewhere(request.user, rules.REVEAL_SENSITIVE)
    form = PersonSearchForm(data=request.GET or None, buildings=buildings,
                            may_search_flags=may_search_flags)
    filters = form.cleaned_data if form.is_valid() else {}
    flag = filters.get("flag") or ""
    age_band = filters.get("age_band") or ""
    people = selectors.person_list(
        request.user, search=filters.get("q") or "", building_id=filters.get("building"),
        flag=flag if flag != "living_alone" else "",
        living_alone=True if flag == "living_alone" else None,
        age_band=age_band)
    if request.GET.get("flag") in SensitiveFlag.values and not may_search_flags:
        # Not offered to this user, so typed into the address: refused, and the refusal audited.
        try:
            services.person_flag_search(actor=request.user, flag=request.GET["flag"],
                                        reason=request.GET.get("reason", ""))
        except DomainError as error:
            form.add_error(None, domain_error_text(error))
        people = people.none()
    elif form.is_bound and not form.is_valid():
        people = people.none()  # a sensitive flag without its reason shows nobody
    elif flag in SensitiveFlag.values:
        try:
            services.person_flag_search(actor=request.user, flag=flag,
                                        reason=str(dict(RevealReason.choices)[filters["reason"]]))
        except DomainError as error:
            add_domain_error(form, error)
            people = people.none()
    if export := export_list(request, people, PERSON_COLUMNS, what="people.person_list",
                             title=_("居民"), personal=True):
        return export
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_change": has_permission_somewhere(
                   request.user, rules.CHANGE_PERSON),
               "can_import": has_permission_somewhere(request.user, rules.IMPORT_PERSON),
               "today": timezone.localdate()}
    if request.htmx and request.htmx.target == "people-results":
        return render(request, "people/person_list.html#results", context)
    return render(request, "people/person_list.html", context)


@login_required
def person_quick_edit(request, pk):
    """HTMX: edit a resident's phone, living-alone tag and notes in place in the list."""
    person = access.access_person(actor=request.user, id=pk, permission=rules.CHANGE_PERSON)
    form = QuickEditForm(data=request.POST or None, initial={
        "is_living_alone": person.is_living_alone, "notes": person.notes})
    saved = False
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "phone" or v}
        try:
            services.person_update(actor=request.user, person=person, data=data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            saved = True
    if saved or request.GET.get("cancel") or not request.htmx:
        if not request.htmx:
            return redirect("people:person_detail", pk=person.pk)
        person = access.access_person(actor=request.user, id=pk)
        return render(request, "people/person_list.html#person_row", {
            "person": person, "today": timezone.localdate(), "can_change": True,
            "just_saved": saved})
    return render(request, "people/person_list.html#person_form_row",
                  {"person": person, "form": form})


@login_required
def person_detail(request, pk):
    person = access.access_person(actor=request.user, id=pk)
    flags = services.person_flags_read(actor=request.user, person=person,
                                       reason=_("查看居民详情"))
    labels = dict(SensitiveFlag.choices)
    return render(request, "people/person_detail.html", {
        "person": person,
        "age": person.age_on(timezone.localdate()),
        "flags": [labels[flag] for flag in sorted(flags)],
        "residences": selectors.person_residences(request.user, person),
        "ownerships": selectors.person_ownerships(request.user, person),
        "corrections": selectors.person_corrections(request.user, person),
        "reveal_form": RevealForm(),
        "move_out_form": MoveOutForm(initial={"moved_out_on": timezone.localdate()}),
        "resolve_form": CorrectionResolveForm(),
    })


@login_required
@require_POST
def person_reveal(request, pk):
    """HTMX: replace a masked value by the full one, after recording who asked and why."""
    person = access.access_person(actor=request.user, id=pk)
    form = RevealForm(data=request.POST)
    if not form.is_valid():
        return HttpResponse(_("请选择查看原因。"), status=422)
    reasons = dict(form.fields["reason"].choices)
    value = services.person_reveal(actor=request.user, person=person,
                                   field=form.cleaned_data["field"],
                                   reason=str(reasons[form.cleaned_data["reason"]]))
    return render(request, "people/person_detail.html#revealed",
                  {"value": value, "field": form.cleaned_data["field"]})


def _person_form_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["flags"] = set(data.get("flags") or [])
    return data


@login_required
def person_create(request):
    flat = None
    if request.GET.get("flat") or request.POST.get("flat"):
        flat = place_access.access_flat(actor=request.user,
                                        id=request.GET.get("flat") or request.POST.get("flat"),
                                        permission=rules.CHANGE_PERSON)
        community = flat.community
    else:
        community = place_access.access_community(
            actor=request.user, id=request.GET.get("community") or request.POST.get("community"),
            permission=rules.CHANGE_PERSON)
    form = PersonForm(data=request.POST or None)
    move_form = MoveInForm(data=request.POST or None, prefix="move") if flat else None

    def create(data):
        person = services.person_create(actor=request.user, community=community,
                                        **_person_form_data(form))
        if flat is not None:
            services.residence_move_in(actor=request.user, person=person, flat=flat,
                                       **move_form.cleaned_data)
        return person

    # the move-in part is checked first: the person is created only with a valid move-in
    if move_form is None or not move_form.is_bound or move_form.is_valid():
        done = submit_form(request, form, create, success_message=_("居民已登记。"),
                           success_url=lambda person: reverse(
                               "people:flat_households", args=[flat.pk]) if flat is not None
                           else reverse("people:person_detail", args=[person.pk]))
        if done:
            return done
    return render(request, "people/person_form.html", {
        "form": form, "move_form": move_form, "flat": flat, "community": community})


@login_required
def person_edit(request, pk):
    person = access.access_person(actor=request.user, id=pk, permission=rules.CHANGE_PERSON)
    initial = {"name": person.name, "sex": person.sex, "birth_date": person.birth_date,
               "hukou_type": person.hukou_type, "is_living_alone": person.is_living_alone,
               "notes": person.notes}
    form = PersonForm(data=request.POST or None, initial=initial, editing=True)

    def update(cleaned):
        data = _person_form_data(form)
        for name in ("id_number", "phone"):
            if not data[name]:
                data.pop(name)  # blank means "keep": the clear value is never sent to the page
        if "flags_present" not in request.POST:
            data.pop("flags")
        return services.person_update(actor=request.user, person=person, data=data)

    done = submit_form(request, form, update, success_message=_("居民信息已保存。"),
                       success_url=reverse("people:person_detail", args=[person.pk]))
    if done:
        return done
    if request.method != "POST":
        flags = services.person_flags_read(actor=request.user, person=person,
                                           reason=_("编辑居民信息"))
        form.initial["flags"] = sorted(flags)
    return render(request, "people/person_form.html", {"form": form, "person": person,
                                                       "community": person.community})


@login_required
@require_POST
def person_move_out(request, pk):
    person = access.access_person(actor=request.user, id=pk, permission=rules.CHANGE_PERSON)
    detail_url = reverse("people:person_detail", args=[person.pk])
    return submit_form(request, MoveOutForm(data=request.POST),
                       lambda data: services.residence_move_out(
                           actor=request.user, person=person,
                           moved_out_on=data["moved_out_on"]),
                       success_message=_("已登记迁出，居住记录保留。"), success_url=detail_url,
                       failure_url=detail_url)


@login_required
def flat_households(request, flat_id):
    flat = place_access.access_flat(actor=request.user, id=flat_id)
    _require_people_access(request.user)
    households = selectors.flat_households(request.user, flat)
    owners = selectors.flat_owners(request.user, flat)
    may_add_owner = request.user.has_perm(rules.ADD_OWNERSHIP, flat)
    ownership_form = OwnershipForm(data=request.POST or None) if may_add_owner else None

    def add_owner(data):
        owner = selectors.person_by_id_number(request.user, community_id=flat.community_id,
                                              id_number=data["id_number"])
        if owner is None:
            raise ValidationFailed(detail={"id_number": [
                str(_("本社区未找到该身份证号的居民，请先登记该居民。"))]})
        return services.ownership_add(actor=request.user, flat=flat, person=owner,
                                      share_percent=data["share_percent"], since=data["since"])

    if ownership_form is not None:
        done = submit_form(request, ownership_form, add_owner,
                           success_message=_("业主已登记。"),
                           success_url=reverse("people:flat_households", args=[flat.pk]))
        if done:
            return done
    return render(request, "people/flat_households.html", {
        "flat": flat, "building": flat.building, "households": households, "owners": owners,
        "ownership_form": ownership_form,
    })


def _own_person(request):
    person = selectors.own_person(request.user)
    if person is None:
        raise NotFound(_("您的账号尚未关联居民登记信息，请联系社区工作人员。"))
    return person


def _my_record_page(request, person, *, phone_form, correction_form):
    record = services.own_record_read(actor=request.user, person=person)
    labels = dict(SensitiveFlag.choices)
    return render(request, "people/my_record.html", {
        "person": person,
        "id_number": record["id_number"],
        "phone": record["phone"],
        "flags": [labels[f] for f in sorted(record["flags"])],
        "residences": person.residences.select_related("household__flat__building",
                                                       "household__flat__unit"),
        "corrections": person.corrections.order_by("-created_at"),
        "phone_form": phone_form, "correction_form": correction_form,
    })


@login_required
def my_record(request):
    """A resident's own record: see it in full and change the phone (asking for a correction
    posts to my_correction_create)."""
    person = _own_person(request)
    phone_form = OwnPhoneForm(data=request.POST or None)
    done = submit_form(request, phone_form, lambda data: services.person_update(
        actor=request.user, person=person, data={"phone": data["phone"]}),
        success_message=_("联系电话已更新。"), success_url=reverse("people:my_record"))
    if done:
        return done
    return _my_record_page(request, person, phone_form=phone_form,
                           correction_form=CorrectionForm())


@login_required
@require_POST
def my_correction_create(request):
    """A resident asks for a correction of their own record (PIPL art. 46)."""
    person = _own_person(request)
    correction_form = CorrectionForm(data=request.POST)
    done = submit_form(request, correction_form, lambda data: services.correction_request_create(
        actor=request.user, person=person, text=data["text"]),
        success_message=_("更正申请已提交，社区工作人员核对后会处理。"),
        success_url=reverse("people:my_record"))
    if done:
        return done
    return _my_record_page(request, person, phone_form=OwnPhoneForm(),
                           correction_form=correction_form)


@login_required
@require_POST
def correction_resolve(request, pk):
    correction = access.access_correction(actor=request.user, id=pk)
    detail_url = reverse("people:person_detail", args=[correction.person_id])
    return submit_form(request, CorrectionResolveForm(data=request.POST),
                       lambda data: services.correction_request_resolve(
                           actor=request.user, request=correction, **data),
                       success_message=_("更正申请已处理。"), success_url=detail_url,
                       failure_url=detail_url)



# ---- import and export --------------------------------------------------------------------

def _import_community(request):
    """The community to import into: the one asked for, else the user's only one."""
    community_id = request.GET.get("community") or request.POST.get("community")
    if community_id:
        return place_access.access_community(actor=request.user, id=community_id,
                                             permission=rules.IMPORT_PERSON)
    communities = list(selectors.import_communities(request.user)[:2])
    if len(communities) != 1:
        raise PermissionDenied()
    return communities[0]


@login_required
def import_list(request):
    community = _import_community(request)
    form = ImportUploadForm(data=request.POST or None, files=request.FILES or None)
    done = submit_form(request, form, lambda data: import_services.import_run_start(
        actor=request.user, community=community, file_name=data["file"].name,
        content=data["file"].read()),
        success_message=_("文件已上传，正在检查。"),
        success_url=lambda run: reverse("people:import_detail", args=[run.pk]))
    if done:
        return done
    return render(request, "people/import_list.html", {
        "community": community, "form": form,
        "runs": selectors.import_runs(request.user, community_id=community.pk)[:20],
    })


@login_required
def import_detail(request, pk):
    """The run's progress (polled with HTMX until it finishes) and its row-level report."""
    run = access.access_import_run(actor=request.user, id=pk)
    labels = {"buildings_created": _("新增楼栋"), "buildings_updated": _("更新楼栋"),
              "flats_created": _("新增房屋"),
              "people_created": _("新增居民"), "people_updated": _("更新居民"),
              "people_unchanged": _("未变化的居民"), "residences_created": _("新增居住记录"),
              "ownerships_created": _("新增产权登记"), "rows_skipped": _("跳过的错误行")}
    context = {"run": run, "errors": run.errors[:500], "error_count": len(run.errors),
               "summary_items": [(labels[key], value) for key, value in run.summary.items()
                                 if key in labels]}
    if request.htmx and request.htmx.target == "import-status":
        return render(request, "people/import_detail.html#status", context)
    return render(request, "people/import_detail.html", context)


@login_required
@require_POST
def import_confirm(request, pk):
    run = access.access_import_run(actor=request.user, id=pk)
    detail_url = reverse("people:import_detail", args=[run.pk])
    # one form for both buttons: "only_clean_rows" is a field of the action, which the two
    # rules (people.import_all_rows / import_clean_rows) tell apart in the service
    return submit_form(request, ImportConfirmForm(data=request.POST),
                       lambda data: import_services.import_run_confirm(
                           actor=request.user, run=run,
                           only_clean_rows=data["only_clean_rows"]),
                       success_message=_("已开始导入。"), success_url=detail_url,
                       failure_url=detail_url)


@login_required
def import_template(request):
    _require_people_access(request.user)
    return xlsx_response(template_xlsx(), "居民登记表模板.xlsx")


@login_required
@require_POST
def people_export(request):
    community = place_access.access_community(actor=request.user,
                                              id=request.POST.get("community"))
    content = exporting.export_people_xlsx(actor=request.user, community=community)
    stamp = timezone.localdate().isoformat()
    return xlsx_response(content, f"{community.name}-居民登记-{stamp}.xlsx")
