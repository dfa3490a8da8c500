"""The ledger request form: it parses input; the service validates and saves."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.reports.ledgers.choices import LedgerFormat, PeriodKind

STREET, COMMUNITY = "street", "community"


class LedgerRequestForm(forms.Form):
    target = forms.ChoiceField(label=_("台账范围"))
    period_kind = forms.ChoiceField(label=_("周期"), choices=PeriodKind.choices,
                                    initial=PeriodKind.MONTH)
    year = forms.TypedChoiceField(label=_("年份"), coerce=int)
    month = forms.TypedChoiceField(label=_("月份"), coerce=int, required=False,
                                   empty_value=None,
                                   help_text=_("年度台账不需要选择月份。"))
    format = forms.ChoiceField(label=_("格式"), choices=LedgerFormat.choices,
                               initial=LedgerFormat.PDF)

    def __init__(self, *args, communities=(), streets=(), **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        previous = today.replace(day=1) - datetime.timedelta(days=1)
        self.fields["target"].choices = (
            [(f"{STREET}-{street.pk}",
              _("%(street)s（全部社区，一个文件）") % {"street": street.name})
             for street in streets]
            + [(f"{COMMUNITY}-{community.pk}", community.name) for community in communities])
        self.fields["year"].choices = [(year, str(year))
                                       for year in range(today.year, today.year - 6, -1)]
        self.fields["month"].choices = [("", "—")] + [(month, _("%(month)s月") % {"month": month})
                                                       for month in range(1, 13)]
        self.initial.setdefault("year", previous.year)
        self.initial.setdefault("month", previous.month)

    def clean(self):
        data = super().clean()
        target = data.get("target") or ""
        kind, _dash, pk = target.partition("-")
        data["target_kind"], data["target_id"] = kind, int(pk) if pk.isdigit() else None
        return data
