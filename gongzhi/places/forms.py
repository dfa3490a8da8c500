from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import ServiceModelForm
from gongzhi.places.models import Building, Community, Flat, Honour


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
