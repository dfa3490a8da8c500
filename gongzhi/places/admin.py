from django.contrib import admin

from gongzhi.audit.model_admin import AuditedModelAdmin
from gongzhi.places.models import Building, Community, District, Flat, Grid, Honour, Street, Unit


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Street)
class StreetAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "district"]
    list_filter = ["district"]
    search_fields = ["name", "code"]


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0


@admin.register(Community)
class CommunityAdmin(AuditedModelAdmin):
    list_display = ["name", "street", "resident_population", "elderly_population", "is_demo"]
    list_filter = ["street", "is_demo"]
    search_fields = ["name"]
    inlines = [HonourInline]


@admin.register(Grid)
class GridAdmin(AuditedModelAdmin):
    list_display = ["name", "number", "community"]
    list_filter = ["community"]


@admin.register(Building)
class BuildingAdmin(AuditedModelAdmin):
    list_display = ["name", "community", "grid", "floors", "has_elevator",
                    "has_property_management"]
    list_filter = ["community", "use", "has_elevator"]
    search_fields = ["name", "address"]
    list_select_related = ["community", "grid"]


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ["building", "number"]
    list_select_related = ["building"]
    raw_id_fields = ["building"]


@admin.register(Flat)
class FlatAdmin(AuditedModelAdmin):
    list_display = ["room_number", "building", "unit", "floor", "floor_area", "area_source"]
    list_filter = ["community", "area_source"]
    search_fields = ["room_number", "building__name"]
    list_select_related = ["building", "unit"]
    raw_id_fields = ["building", "unit"]
