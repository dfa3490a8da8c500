from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import ServiceModelForm
from gongzhi.places.models import Building, Community, Flat, Honour, Unit
from gongzhi.places.selectors import units_of_buildings


class CommunityProfileForm(ServiceModelForm):
    class Meta:
        model = Community
        fields = ["area_km2", "resident_population", "elderly_population",
                  "buildings_without_management", "facilities", "description"]
        widgets = {"facilities": forms.Textarea(attrs={"rows": 4}),
                   "description": forms.Textarea(attrs={"rows": 4})}


class HonourForm(ServiceModelForm):
    class Meta:
        model = Honour
        fields = ["title", "year", "awarding_body"]


class BuildingForm(ServiceModelForm):
    class Meta:
        model = Building
        fields = ["name", "address", "use", "floors", "year_built", "grid", "has_elevator",
                  "has_property_management"]

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if grids is not None:
            self.fields["grid"].queryset = grids


class BuildingCreateForm(BuildingForm):
    units = forms.IntegerField(label=_("单元数"), min_value=1, max_value=20, initial=1)


class FlatForm(ServiceModelForm):
    class Meta:
        model = Flat
        fields = ["room_number", "floor", "floor_area", "area_source"]
        widgets = {"floor_area": forms.NumberInput(attrs={"step": "0.01", "min": "1",
                                                          "inputmode": "decimal"})}


class FlatUnsoldForm(forms.Form):
    """Mark a flat the developer's unsold (or undelivered) stock, or take the marking off."""
    unsold = forms.BooleanField(required=False, label=_("开发商未售出"))
    evidence = forms.CharField(label=_("依据或理由"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))


# ---- choosing a unit (单元): from a list, never typed -----------------------------------------
# Every form that asks "which building, which unit" (reporting a problem, a topic, a vote) uses
# these: a select of the units of the buildings the form offers, each option tagged with its
# building; static/js/unit_select.js shows only the chosen building's units (without script the
# list still works: each option names its building).


class UnitSelect(forms.Select):
    def __init__(self, attrs=None, choices=(), *, building_field="building"):
        attrs = {"data-unit-of": f"id_{building_field}", "class": "form-select", **(attrs or {})}
        super().__init__(attrs, choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if unit is not None:
            option["attrs"]["data-building"] = str(unit.building_id)
        return option


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of one of the buildings the form offers (set with `offer_units`)."""

    def __init__(self, *, label=None, building_field="building", required=False, **kwargs):
        kwargs.setdefault("empty_label", _("（整栋 / 不指定单元）"))
        super().__init__(queryset=Unit.objects.none(), label=label or _("单元"), required=required,
                         widget=UnitSelect(building_field=building_field), **kwargs)
        self.building_field = building_field

    def label_from_instance(self, unit):
        return _("%(building)s %(number)s单元") % {"building": unit.building.name,
                                                   "number": unit.number}


def offer_units(form, buildings, *, field="unit") -> None:
    """Let `form`'s unit field list the units of `buildings` (already narrowed to the user)."""
    form.fields[field].queryset = units_of_buildings(buildings)


def check_unit_in_building(form, *, field="unit") -> None:
    """In form.clean(): the unit chosen must belong to the building chosen."""
    unit = form.cleaned_data.get(field)
    building = form.cleaned_data.get(form.fields[field].building_field)
    if unit is not None and (building is None or unit.building_id != building.pk):
        form.add_error(field, _("所选单元不属于该楼栋。"))
