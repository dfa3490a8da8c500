"""The forms of the supplies pages: they parse input; the services validate and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.care.supplies.choices import ItemKind, MovementKind, WriteOffReason
from gongzhi.core.text import mask_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINES = 6


class StoreForm(forms.Form):
    name = forms.CharField(label=_("仓库名称"), max_length=64)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    keeper = forms.CharField(label=_("保管人"), max_length=32, required=False)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        _community_field(self, communities)

    @classmethod
    def of(cls, store):
        return cls(initial={"name": store.name, "place": store.place, "keeper": store.keeper})


class ItemForm(forms.Form):
    name = forms.CharField(label=_("物资名称"), max_length=64)
    unit = forms.CharField(label=_("计量单位"), max_length=8, help_text=_("如：箱、袋、件"))
    kind = forms.ChoiceField(label=_("类别"), choices=ItemKind.choices)

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        _community_field(self, communities)

    @classmethod
    def of(cls, item):
        return cls(initial={"name": item.name, "unit": item.unit, "kind": item.kind})


def _community_field(form, communities) -> None:
    """A community to choose, asked only of one who keeps the ledger of several."""
    communities = list(communities)
    form.communities = {c.pk: c for c in communities}
    if not communities:
        return
    form.fields["community"] = forms.TypedChoiceField(
        label=_("社区"), coerce=int, choices=[(c.pk, c.name) for c in communities])
    form.order_fields(["community"])
    if len(communities) == 1:
        form.fields["community"].widget = forms.HiddenInput()
        form.initial.setdefault("community", communities[0].pk)


class LinesForm(forms.Form):
    """A form with up to LINES goods lines: an item of the store's community and a quantity;
    `with_new` lets a line name a new item instead (name and unit)."""

    with_new = False

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        choices = [("", _("— 请选择 —")), *[(item.pk, str(item)) for item in items]]
        for i in range(LINES):
            self.fields[f"item_{i}"] = forms.TypedChoiceField(
                label=_("物资"), coerce=int, required=False, choices=choices, empty_value=None)
            if self.with_new:
                self.fields[f"new_name_{i}"] = forms.CharField(
                    label=_("或新物资名称"), max_length=64, required=False)
                self.fields[f"new_unit_{i}"] = forms.CharField(
                    label=_("单位"), max_length=8, required=False)
            self.fields[f"quantity_{i}"] = forms.IntegerField(
                label=_("数量"), required=False, min_value=1, max_value=1_000_000)

    @property
    def line_fields(self):
        return [(self[f"item_{i}"], self[f"new_name_{i}"] if self.with_new else None,
                 self[f"new_unit_{i}"] if self.with_new else None, self[f"quantity_{i}"])
                for i in range(LINES)]

    def other_fields(self):
        return [self[name] for name in self.fields
                if not name.startswith(("item_", "new_name_", "new_unit_", "quantity_"))]

    def clean(self):
        data = super().clean()
        lines = []
        for i in range(LINES):
            item, quantity = data.get(f"item_{i}"), data.get(f"quantity_{i}")
            name = (data.get(f"new_name_{i}") or "").strip()
            unit = (data.get(f"new_unit_{i}") or "").strip()
            if item is None and not name and quantity is None:
                continue
            if quantity is None:
                self.add_error(f"quantity_{i}", _("请填写数量。"))
                continue
            if item is not None:
                if item not in self.items:
                    self.add_error(f"item_{i}", _("请选择本社区的物资。"))
                    continue
                lines.append((self.items[item], quantity))
            elif name:
                if not unit:
                    self.add_error(f"new_unit_{i}", _("请填写新物资的计量单位。"))
                    continue
                lines.append(({"name": name, "unit": unit}, quantity))
            else:
                self.add_error(f"item_{i}", _("请选择物资。"))
        if not lines and not self.errors:
            raise forms.ValidationError(_("请至少填写一种物资及数量。"))
        data["lines"] = lines
        return data


class DonationForm(LinesForm):
    with_new = True

    store = forms.TypedChoiceField(label=_("入库仓库"), coerce=int)
    donor_unit = forms.TypedChoiceField(label=_("捐赠单位（共建单位）"), coerce=int,
                                        required=False, empty_value=None)
    donor_name = forms.CharField(label=_("或捐赠方名称"), max_length=64, required=False,
                                 help_text=_("非共建单位的企业，或同意具名的居民"))
    received_on = forms.DateField(label=_("受赠日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, stores=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = {store.pk: store for store in stores}
        self.units = {unit.pk: unit for unit in units}
        self.fields["store"].choices = [(s.pk, s.name) for s in stores]
        self.fields["donor_unit"].choices = [("", _("— 非共建单位 —")),
                                             *[(u.pk, u.name) for u in units]]
        self.initial.setdefault("received_on", timezone.localdate())


class IssueForm(LinesForm):
    store = forms.TypedChoiceField(label=_("仓库"), coerce=int)
    recipient = forms.CharField(label=_("领用人"), max_length=64, required=False,
                                help_text=_("发给帮扶对象时可不填（记为其脱敏姓名）"))
    activity = forms.TypedChoiceField(label=_("用于活动"), coerce=int, required=False,
                                      empty_value=None)
    shift = forms.TypedChoiceField(label=_("用于值守班次"), coerce=int, required=False,
                                   empty_value=None)
    household = forms.TypedChoiceField(label=_("发给帮扶对象"), coerce=int, required=False,
                                       empty_value=None)
    issued_on = forms.DateField(label=_("发放日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, stores=(), activities=(), shifts=(), households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = {store.pk: store for store in stores}
        self.activities = {a.pk: a for a in activities}
        self.shifts = {s.pk: s for s in shifts}
        self.households = {h.pk: h for h in households}
        none = [("", _("— 无 —"))]
        self.fields["store"].choices = [(s.pk, s.name) for s in stores]
        self.fields["activity"].choices = none + [
            (a.pk, f"{a.starts_at:%m-%d} {a.title}") for a in activities]
        self.fields["shift"].choices = none + [(s.pk, str(s)) for s in shifts]
        # the register's households by masked name: the slip is seen by the store's keeper
        self.fields["household"].choices = none + [
            (h.pk, mask_name(h.person.name)) for h in households]
        self.initial.setdefault("issued_on", timezone.localdate())


class WriteOffForm(LinesForm):
    store = forms.TypedChoiceField(label=_("仓库"), coerce=int)
    reason = forms.ChoiceField(label=_("报损原因"), choices=WriteOffReason.choices)
    written_off_on = forms.DateField(label=_("报损日期"), widget=DATE)
    note = forms.CharField(label=_("情况说明"), max_length=200, required=False)

    def __init__(self, *args, stores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = {store.pk: store for store in stores}
        self.fields["store"].choices = [(s.pk, s.name) for s in stores]
        self.initial.setdefault("written_off_on", timezone.localdate())


class ReturnForm(forms.Form):
    quantity = forms.IntegerField(label=_("退回数量"), min_value=1, max_value=1_000_000)
    returned_on = forms.DateField(label=_("退回日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class CorrectForm(forms.Form):
    quantity = forms.IntegerField(label=_("正确数量"), min_value=1, max_value=1_000_000)
    note = forms.CharField(label=_("更正原因"), max_length=200)


class EmptyForm(forms.Form):
    """An action that needs no input (deactivate, activate)."""


class LedgerFilterForm(forms.Form):
    store = forms.TypedChoiceField(label=_("仓库"), coerce=int, required=False,
                                   empty_value=None)
    item = forms.TypedChoiceField(label=_("物资"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("类型"), required=False,
                             choices=[("", _("全部")), *MovementKind.choices])
    start = forms.DateField(label=_("起始日期"), required=False, widget=DATE)
    end = forms.DateField(label=_("截止日期"), required=False, widget=DATE)

    def __init__(self, *args, stores=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = {s.pk: s for s in stores}
        self.items = {i.pk: i for i in items}
        self.fields["store"].choices = [("", _("全部")), *[(s.pk, s.name) for s in stores]]
        self.fields["item"].choices = [("", _("全部")), *[(i.pk, str(i)) for i in items]]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日期"), widget=DATE)
    end = forms.DateField(label=_("截止日期"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data
