"""The forms of the campaign pages: they parse input; the services validate and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.care.campaigns.choices import CampaignKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
QUANTITY = forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"})
TARGETS_ALL, TARGETS_CHOSEN = "all", "chosen"


def goods_field(name: str) -> str:
    return f"goods_{name}"


class CampaignForm(forms.Form):
    """A new campaign: its dates and store, the goods each household receives (one quantity
    per item of the community, blank or 0 for none) and its targets."""

    name = forms.CharField(label=_("活动名称"), max_length=100)
    kind = forms.ChoiceField(label=_("慰问类型"), choices=CampaignKind.choices)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    store = forms.TypedChoiceField(label=_("物资仓库"), coerce=int, required=False,
                                   empty_value=None)
    targets = forms.ChoiceField(
        label=_("慰问对象"), widget=forms.RadioSelect, initial=TARGETS_ALL,
        choices=[(TARGETS_ALL, _("名册中全部帮扶中的帮扶对象")),
                 (TARGETS_CHOSEN, _("选择部分对象"))])
    households = forms.TypedMultipleChoiceField(label=_("选择的对象"), coerce=int, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("说明"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, stores=(), items=(), households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stores = {store.pk: store for store in stores}
        self.items = {item.pk: item for item in items}
        self.households = {household.pk: household for household in households}
        self.fields["store"].choices = [("", _("（不发放物资）"))] + [
            (store.pk, store.name) for store in stores]
        if len(self.stores) == 1:
            self.initial.setdefault("store", next(iter(self.stores)))
        self.fields["households"].choices = [(h.pk, h.person.name) for h in households]
        self.goods_names = []
        for item in items:
            name = goods_field(item.pk)
            self.fields[name] = forms.IntegerField(label=str(item), min_value=0, required=False,
                                                   widget=QUANTITY)
            self.goods_names.append(name)

    def goods_fields(self):
        return [self[name] for name in self.goods_names]

    def main_fields(self):
        return [self[name] for name in ("name", "kind", "starts_on", "ends_on", "store")]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"], "kind": data["kind"], "starts_on": data["starts_on"],
            "ends_on": data["ends_on"], "note": data["note"],
            "store": self.stores.get(data["store"]),
            "goods": [(self.items[int(name.removeprefix("goods_"))], data[name])
                      for name in self.goods_names if data.get(name)],
            "households": (None if data["targets"] == TARGETS_ALL
                           else [self.households[pk] for pk in data["households"]]),
        }


class EmptyForm(forms.Form):
    pass


class PairingForm(forms.Form):
    pairing = forms.TypedChoiceField(label=_("负责走访的结对"), coerce=int, required=False,
                                     empty_value=None)

    def __init__(self, *args, pairings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pairings = {pairing.pk: pairing for pairing in pairings}
        self.fields["pairing"].choices = [("", _("（社区工作人员走访）"))] + [
            (p.pk, p.helper_name) for p in pairings]


class VisitForm(forms.Form):
    """The campaign's visit to one household on a phone: the goods come prefilled from the
    campaign's goods (editable, zero gives none)."""

    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    visitors = forms.CharField(label=_("走访人"), max_length=200, required=False)
    found = forms.CharField(label=_("走访情况"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("身体、生活等情况，加密保存，仅工作人员和结对帮扶人可见。"))

    def __init__(self, *args, goods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("visited_on", timezone.localdate())
        self.goods_names = []
        for line in goods:
            name = goods_field(line.item_id)
            self.fields[name] = forms.IntegerField(label=str(line.item), min_value=0,
                                                   required=False, initial=line.quantity,
                                                   widget=QUANTITY)
            self.goods_names.append(name)

    def goods_fields(self):
        return [self[name] for name in self.goods_names]

    def text_fields(self):
        return [self[name] for name in ("visited_on", "visitors", "found")]

    def goods(self) -> dict:
        return {int(name.removeprefix("goods_")): self.cleaned_data.get(name) or 0
                for name in self.goods_names}
