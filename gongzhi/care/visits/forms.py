"""The forms of care's visits pages: they parse input; the services validate and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.care.visits.choices import VisitKind
from gongzhi.cobuilding.choices import Urgency
from gongzhi.organisations.choices import Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GOODS_ROWS = 3


class VisitForm(forms.Form):
    """A visit, with up to GOODS_ROWS lines of goods given from one store."""

    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("方式"), choices=VisitKind.choices)
    visitors = forms.CharField(label=_("走访人"), max_length=200)
    found = forms.CharField(label=_("走访情况"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("身体、生活、住房等情况，仅社区工作人员和帮扶人可见。"))
    given = forms.CharField(label=_("送去的物品或帮助"), max_length=200, required=False,
                            help_text=_("从仓库发放物资时可不填，系统按发放清单记录。"))
    store = forms.TypedChoiceField(label=_("发放物资的仓库"), coerce=int, required=False,
                                   empty_value=None)
    follow_up = forms.CharField(label=_("需跟进事项"), max_length=500, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("需要社区或共建单位解决的问题，如维修、就医、申请补助。"))
    hours = forms.DecimalField(label=_("服务时长（小时）"), required=False, max_digits=4,
                               decimal_places=1, min_value=0, max_value=12)
    photo = forms.FileField(label=_("照片"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}))

    def __init__(self, *args, stores=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = {store.pk: store for store in stores}
        self.items = {item.pk: item for item in items}
        self.fields["store"].choices = [("", _("不发放物资"))] + [
            (pk, store.name) for pk, store in self.stores.items()]
        item_choices = [("", "—")] + [(pk, f"{item.name}（{item.unit}）")
                                      for pk, item in self.items.items()]
        for row in range(1, GOODS_ROWS + 1):
            self.fields[f"item_{row}"] = forms.TypedChoiceField(
                label=_("物资 %(n)s") % {"n": row}, choices=item_choices, coerce=int,
                required=False, empty_value=None)
            self.fields[f"quantity_{row}"] = forms.IntegerField(
                label=_("数量 %(n)s") % {"n": row}, required=False, min_value=1,
                max_value=1_000_000)
        if not self.stores:
            del self.fields["store"]

    def goods_rows(self):
        """The bound item and quantity fields, in pairs, for the template."""
        return [(self[f"item_{row}"], self[f"quantity_{row}"])
                for row in range(1, GOODS_ROWS + 1) if f"item_{row}" in self.fields]

    def clean(self):
        data = super().clean()
        goods = []
        for row in range(1, GOODS_ROWS + 1):
            item, quantity = data.get(f"item_{row}"), data.get(f"quantity_{row}")
            if item is None and quantity is None:
                continue
            if item is None or quantity is None:
                self.add_error(f"quantity_{row}", _("请同时选择物资并填写数量。"))
                continue
            goods.append((self.items[item], quantity))
        data["goods"] = goods
        store = data.get("store")
        data["store"] = self.stores.get(store) if store else None
        if goods and data["store"] is None:
            self.add_error("store", _("请选择发放物资的仓库。"))
        return data

    @classmethod
    def initial_for(cls, user) -> dict:
        return {"visited_on": timezone.localdate(), "visitors": user.shown_name}


class CaseFollowUpForm(forms.Form):
    category = forms.TypedChoiceField(label=_("诉求类别"), coerce=int)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [(pk, category.name)
                                           for pk, category in self.categories.items()]

    def clean_category(self):
        return self.categories[self.cleaned_data["category"]]


class NeedFollowUpForm(forms.Form):
    title = forms.CharField(label=_("需求标题"), max_length=128, required=False,
                            help_text=_("不填则取跟进事项的前 40 个字；请勿写入姓名。"))
    category = forms.ChoiceField(label=_("需求类别"), choices=Category.choices,
                                 initial=Category.HARDSHIP)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices,
                                initial=Urgency.MEDIUM)


class EmptyForm(forms.Form):
    pass
