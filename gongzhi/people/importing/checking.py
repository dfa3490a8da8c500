"""Checking every row of a file against the registry: the plan of the writes and the report."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from gongzhi.core import crypto
from gongzhi.people import identity
from gongzhi.people.choices import HukouType, Relation, SensitiveFlag, Sex
from gongzhi.people.importing.cells import (
    BadCell,
    cell_text,
    chinese_label,
    label_map,
    name_key,
    nfkc,
    norm_label,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_room,
    parse_unit,
    split_tags,
)
from gongzhi.people.importing.columns import (
    BUILDING_SHEET,
    COLUMN_TITLES,
    RESIDENT_SHEET,
    TEMPLATE_EXAMPLE_BUILDING,
    TEMPLATE_EXAMPLE_ID,
)
from gongzhi.people.importing.reading import Table
from gongzhi.people.importing.registry import RegistryState
from gongzhi.people.importing.report import ERROR, WARNING, Report
from gongzhi.people.models import Person
from gongzhi.people.services import (
    clean_person_data,
    person_id_number,
)
from gongzhi.places.choices import AreaSource
from gongzhi.places.models import Building, Community, Flat


@dataclass
class BuildingPlan:
    key: str
    name: str
    building: Building | None          # the registered building, if any
    floors: int
    unit_numbers: set[str]
    row: int | None = None             # its row in the 楼栋 sheet, if any
    bad: bool = False
    fields: dict = field(default_factory=dict)    # values of a building to create
    changes: dict = field(default_factory=dict)   # values that differ from the registered ones
    units_wanted: int = 0


@dataclass
class FlatPlan:
    key: tuple
    building: BuildingPlan
    unit: str
    room: str
    flat: Flat | None
    floor: int | None = None
    floor_area: Decimal | None = None
    area_source: str | None = None
    first_row: dict = field(default_factory=dict)   # which row set floor / area / source

    @property
    def label(self) -> str:
        return f"{self.building.name} {self.unit}单元 {self.room}"


@dataclass
class RowPlan:
    row: int
    flat_key: tuple | None = None
    person_key: tuple | None = None
    relation: str = ""
    moved_in_on: datetime.date | None = None
    is_owner: bool = False
    share: Decimal | None = None
    id_number: str = ""                # as given; only ever shown masked
    name: str = ""
    birth_date: datetime.date | None = None   # only when the row's birth date is sound


@dataclass
class PersonPlan:
    key: tuple
    person: Person | None
    values: dict                       # clean values given for this person (field → value)
    rows: list[RowPlan] = field(default_factory=list)
    first_row_of: dict = field(default_factory=dict)   # field → row that gave it


_PERSON_COLUMNS = {"name": "姓名", "sex": "性别", "birth_date": "出生日期",
                   "id_number": "身份证号", "phone": "联系电话", "hukou_type": "户籍类型",
                   "flags": "标签", "is_living_alone": "独居", "notes": "备注"}


class Checker:
    """Checks every row of a file against the community's registry and plans the writes."""

    def __init__(self, community: Community, *, today: datetime.date,
                 report: Report | None = None):
        self.community = community
        self.today = today
        self.report = report or Report()
        self.state = RegistryState(community)
        self.buildings: dict[str, BuildingPlan] = {}
        self.flats: dict[tuple, FlatPlan] = {}
        self.rows: list[RowPlan] = []
        self.people: dict[tuple, PersonPlan] = {}
        self.building_rows: list[int] = []
        self.skipped_rows: set[int] = set()   # resident rows depending on a bad row

    # -- reporting helpers
    def _error(self, sheet, row, key, value, problem, fix, level=ERROR):
        column = COLUMN_TITLES.get((sheet, key), key)
        self.report.add(sheet=sheet, row=row, column=column, value=value, problem=problem,
                        fix=fix, level=level)

    def _missing(self, sheet, row, key, fix):
        title = COLUMN_TITLES[(sheet, key)]
        self._error(sheet, row, key, "", _("缺少必填项“%(title)s”") % {"title": title}, fix)

    # -- the whole file
    def check(self, buildings: Table | None, residents: Table | None,
              tick: Callable[[], None] = lambda: None) -> None:
        for row, cells in buildings.rows if buildings else ():
            self.building_rows.append(row)
            self._check_building_row(row, cells)
            tick()
        for row, cells in residents.rows if residents else ():
            self._check_resident_row(row, cells)
            tick()
        self._check_people()
        self._check_heads()
        self._check_shares()
        self._find_dependent_rows()

    @property
    def total_rows(self) -> int:
        return len(self.building_rows) + len(self.rows)

    def importable_building_rows(self) -> list[int]:
        return [r for r in self.building_rows if not self.report.is_bad(BUILDING_SHEET, r)]

    def importable_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if not self.report.is_bad(RESIDENT_SHEET, r.row)
                and r.row not in self.skipped_rows]

    @property
    def valid_rows(self) -> int:
        return len(self.importable_building_rows()) + len(self.importable_rows())

    # -- 楼栋 sheet
    def _check_building_row(self, row: int, cells: dict) -> None:
        sheet = BUILDING_SHEET
        name = nfkc(cell_text(cells.get("name"))).strip()
        if not name:
            self._missing(sheet, row, "name", _("填写楼栋名称，如 永泰东街1号"))
        elif len(name) > 64:
            self._error(sheet, row, "name", name, _("楼栋名称过长"), _("楼栋名称不超过 64 个字"))
        given = {}
        floors = self._int_cell(sheet, row, cells, "floors", low=1, high=120, required=True,
                                suffixes=("层",), fix=_("填写地上层数，1 到 120 之间的整数"))
        if floors is not None:
            given["floors"] = floors
        units = self._int_cell(sheet, row, cells, "units", low=1, high=50, suffixes=("个",),
                               fix=_("填写单元个数，1 到 50 之间的整数；不分单元填 1"))
        year = self._int_cell(sheet, row, cells, "year_built", low=1800, high=self.today.year,
                              suffixes=("年",),
                              fix=_("填写四位年份，不晚于今年"))
        if year is not None:
            given["year_built"] = year
        address = cell_text(cells.get("address"))
        if len(address) > 128:
            self._error(sheet, row, "address", address, _("地址过长"), _("地址不超过 128 个字"))
        elif address:
            given["address"] = address
        for key, model_field in (("has_elevator", "has_elevator"),
                                 ("has_property_management", "has_property_management")):
            if cell_text(cells.get(key)):
                try:
                    given[model_field] = parse_bool(cells[key], words="有”或“无")
                except BadCell as bad:
                    self._error(sheet, row, key, cells[key], bad.problem, bad.fix)
        if not name:
            return
        key = name_key(name)
        if key == name_key(TEMPLATE_EXAMPLE_BUILDING):
            self._error(sheet, row, "name", name, _("这是模板中的示例行"),
                        _("导入前请删除示例行"))
        earlier = self.buildings.get(key)
        if earlier is not None:
            self._error(sheet, row, "name", name,
                        _("与第 %(row)s 行的楼栋重复") % {"row": earlier.row},
                        _("每栋楼只填一行"))
            return
        existing = self.state.buildings.get(key)
        if existing is not None and floors is not None:
            highest = self.state.max_floor.get(existing.pk, 0)
            if floors < highest:
                self._error(sheet, row, "floors", floors,
                            _("层数低于已登记房屋的最高楼层（%(floor)s 层）") % {"floor": highest},
                            _("核对层数；如房屋登记有误，请先在房屋页面改正"))
        bad = self.report.is_bad(sheet, row)
        wanted = units or 1
        if existing is None:
            plan = BuildingPlan(key=key, name=name, building=None, floors=floors or 0,
                                 unit_numbers={str(n) for n in range(1, wanted + 1)}, row=row,
                                 bad=bad, units_wanted=wanted,
                                 fields={"floors": floors, "address": given.get("address", ""),
                                         "year_built": given.get("year_built"),
                                         "has_elevator": given.get("has_elevator", False),
                                         "has_property_management":
                                             given.get("has_property_management", False)})
        else:
            registered = {n for (building_id, n) in self.state.units if building_id == existing.pk}
            changes = {f: v for f, v in given.items() if getattr(existing, f) != v}
            plan = BuildingPlan(key=key, name=existing.name, building=existing,
                                 floors=existing.floors, unit_numbers=registered, row=row,
                                 bad=bad, changes=changes, units_wanted=units or 0)
            if not bad:
                plan.floors = given.get("floors", existing.floors)
                plan.unit_numbers = registered | {str(n) for n in range(1, (units or 0) + 1)}
        self.buildings[key] = plan

    def _int_cell(self, sheet, row, cells, key, *, low, high, fix, required=False,
                  suffixes=()) -> int | None:
        value = cells.get(key)
        if cell_text(value) == "":
            if required:
                self._missing(sheet, row, key, fix)
            return None
        title = COLUMN_TITLES[(sheet, key)]
        try:
            number = parse_int(value, suffixes=suffixes)
        except ValueError:
            self._error(sheet, row, key, value, _("“%(title)s”不是整数") % {"title": title}, fix)
            return None
        if not low <= number <= high:
            self._error(sheet, row, key, value,
                        _("“%(title)s”应在 %(low)s 到 %(high)s 之间")
                        % {"title": title, "low": low, "high": high}, fix)
            return None
        return number

    def _building(self, key: str) -> BuildingPlan | None:
        plan = self.buildings.get(key)
        if plan is None:
            existing = self.state.buildings.get(key)
            if existing is None:
                return None
            numbers = {n for (building_id, n) in self.state.units if building_id == existing.pk}
            plan = BuildingPlan(key=key, name=existing.name, building=existing,
                                 floors=existing.floors, unit_numbers=numbers)
            self.buildings[key] = plan
        return plan

    # -- 居民 sheet
    def _check_resident_row(self, row: int, cells: dict) -> None:
        plan = RowPlan(row=row)
        self.rows.append(plan)
        flat = self._check_place(row, cells, plan)
        self._check_person(row, cells, plan, flat)
        self._check_residence_and_ownership(row, cells, plan)

    def _check_place(self, row, cells, plan) -> FlatPlan | None:
        sheet = RESIDENT_SHEET
        building = None
        building_name = nfkc(cell_text(cells.get("building"))).strip()
        if not building_name:
            self._missing(sheet, row, "building", _("填写楼栋名称，与楼栋登记一致"))
        else:
            building = self._building(name_key(building_name))
            if building is None:
                self._error(sheet, row, "building", building_name,
                            _("楼栋“%(name)s”未登记") % {"name": building_name},
                            _("先在“楼栋”工作表或楼栋登记中添加该楼栋，或核对楼栋名称是否与登记一致"))
            elif building.bad and building.building is None:
                self._error(sheet, row, "building", building_name,
                            _("该楼栋在“楼栋”工作表第 %(row)s 行有错误") % {"row": building.row},
                            _("先改正“楼栋”工作表第 %(row)s 行") % {"row": building.row})
                building = None
        unit = parse_unit(cells.get("unit"))
        if not unit:
            self._missing(sheet, row, "unit", _("填写单元号，如 1；不分单元的楼栋填 1"))
        elif building is not None and unit not in building.unit_numbers:
            self._error(sheet, row, "unit", cells.get("unit"),
                        _("楼栋“%(name)s”没有 %(unit)s 单元") % {"name": building.name,
                                                              "unit": unit},
                        _("核对单元号；如单元数登记有误，请在“楼栋”工作表中填写单元数"))
            unit = ""
        room = parse_room(cells.get("room"))
        if not room:
            self._missing(sheet, row, "room", _("填写房号，如 302"))
        elif len(room) > 16:
            self._error(sheet, row, "room", room, _("房号过长"), _("房号不超过 16 个字符"))
            room = ""
        floor = self._floor(row, cells, building)
        floor_area = self._floor_area(row, cells)
        area_source = None
        if cell_text(cells.get("area_source")):
            area_source = label_map(AreaSource).get(norm_label(cell_text(cells["area_source"])))
            if area_source is None:
                self._error(sheet, row, "area_source", cells["area_source"],
                            _("面积来源不在可选范围内"),
                            _("填 不动产登记、测绘报告、买卖合同 或 未核实；留空为未核实"))
        if building is None or not unit or not room:
            return None
        plan.flat_key = (building.key, unit, room)
        return self._register_flat(row, plan.flat_key, building, unit, room, floor, floor_area,
                                   area_source)

    def _floor(self, row, cells, building) -> int | None:
        sheet, value = RESIDENT_SHEET, cells.get("floor")
        if cell_text(value) == "":
            self._missing(sheet, row, "floor", _("填写楼层数字，如 3"))
            return None
        try:
            floor = parse_int(value, suffixes=("层", "楼", "f"))
        except ValueError:
            self._error(sheet, row, "floor", value, _("楼层不是整数"),
                        _("填写数字，如 3；地下层填负数，如 -1"))
            return None
        if floor == 0:
            self._error(sheet, row, "floor", value, _("楼层不能为 0"),
                        _("一层填 1，地下一层填 -1"))
            return None
        if not -5 <= floor <= 120:
            self._error(sheet, row, "floor", value, _("楼层超出范围"),
                        _("楼层应在 -5 到 120 之间"))
            return None
        if building is not None and building.floors and floor > building.floors:
            self._error(sheet, row, "floor", value,
                        _("楼层高于楼栋层数（%(floors)s 层）") % {"floors": building.floors},
                        _("核对楼层和房号；如楼栋层数有误，请在“楼栋”工作表或楼栋登记中改正"))
            return None
        return floor

    def _floor_area(self, row, cells) -> Decimal | None:
        sheet, value = RESIDENT_SHEET, cells.get("floor_area")
        if cell_text(value) == "":
            self._missing(sheet, row, "floor_area", _("填写专有部分面积（平方米），如 68.5"))
            return None
        try:
            area = parse_decimal(value, suffixes=("平方米", "㎡", "m2", "平米"))
        except ValueError:
            self._error(sheet, row, "floor_area", value, _("专有部分面积不是数字"),
                        _("填写以平方米计的数字，如 68.5"))
            return None
        if not Decimal("1") <= area <= Decimal("2000"):
            self._error(sheet, row, "floor_area", value,
                        _("专有部分面积应在 1 到 2000 平方米之间"), _("核对面积，单位是平方米"))
            return None
        return area.quantize(Decimal("0.01"))

    def _register_flat(self, row, key, building, unit, room, floor, floor_area,
                       area_source) -> FlatPlan:
        sheet = RESIDENT_SHEET
        plan = self.flats.get(key)
        if plan is None:
            existing = None
            if building.building is not None:
                unit_row = self.state.units.get((building.building.pk, unit))
                if unit_row is not None:
                    existing = self.state.flats.get((unit_row.pk, room))
            plan = self.flats[key] = FlatPlan(key=key, building=building, unit=unit, room=room,
                                               flat=existing)
        if plan.flat is not None:
            flat = plan.flat
            if floor is not None and floor != flat.floor:
                self._error(sheet, row, "floor", floor,
                            _("与已登记的楼层（%(floor)s 层）不同，导入不会修改房屋信息")
                            % {"floor": flat.floor},
                            _("如房屋登记有误，请在房屋页面修改"), level=WARNING)
            if floor_area is not None and floor_area != flat.floor_area:
                self._error(sheet, row, "floor_area", floor_area,
                            _("与已登记的专有部分面积（%(area)s 平方米）不同，导入不会修改房屋信息")
                            % {"area": flat.floor_area},
                            _("如房屋登记有误，请在房屋页面修改"), level=WARNING)
            return plan
        for name, value, title in (("floor", floor, "楼层"),
                                   ("floor_area", floor_area, "专有部分面积"),
                                   ("area_source", area_source, "面积来源")):
            if value is None:
                continue
            current = getattr(plan, name)
            if current is None:
                setattr(plan, name, value)
                plan.first_row[name] = row
            elif current != value:
                self._error(sheet, row, name, value,
                            _("与第 %(row)s 行（同一房屋）的%(title)s不一致")
                            % {"row": plan.first_row[name], "title": title},
                            _("同一房屋在各行中的楼层、面积和面积来源须一致"))
        return plan

    def _check_person(self, row, cells, plan: RowPlan, flat: FlatPlan | None) -> None:
        sheet = RESIDENT_SHEET
        unreadable = set()
        name = cell_text(cells.get("name"))
        raw_id = cells.get("id_number")
        id_number = ""
        if isinstance(raw_id, float):
            unreadable.add("id_number")
            self._error(sheet, row, "id_number", raw_id,
                        _("身份证号被存成了数字，后几位可能已丢失"),
                        _("把本列设为“文本”格式后重新录入身份证号（模板中本列已设为文本）"))
        else:
            id_number = identity.normalise_id_number(nfkc(cell_text(raw_id)))
        plan.id_number, plan.name = id_number, name
        if id_number == TEMPLATE_EXAMPLE_ID:
            self._error(sheet, row, "id_number", id_number, _("这是模板中的示例行"),
                        _("导入前请删除示例行"))
        given: dict = {}
        sex_text = cell_text(cells.get("sex"))
        if sex_text:
            sex = label_map(Sex).get(norm_label(sex_text))
            if sex is None:
                unreadable.add("sex")
                self._error(sheet, row, "sex", sex_text, _("性别应为“男”或“女”"),
                            _("填 男 或 女；留空时按身份证号确定"))
            else:
                given["sex"] = sex
        if cell_text(cells.get("birth_date")):
            try:
                given["birth_date"] = parse_date(cells["birth_date"])
            except BadCell as bad:
                unreadable.add("birth_date")
                self._error(sheet, row, "birth_date", cells["birth_date"], bad.problem, bad.fix)
        phone_raw = cells.get("phone")
        phone = identity.normalise_phone(nfkc(cell_text(phone_raw)))
        hukou_text = cell_text(cells.get("hukou_type"))
        if hukou_text:
            hukou = label_map(HukouType).get(norm_label(hukou_text))
            if hukou is None:
                unreadable.add("hukou_type")
                self._error(sheet, row, "hukou_type", hukou_text, _("户籍类型不在可选范围内"),
                            _("填 本市户籍、非本市户籍、港澳台居民 或 外籍人员"))
            else:
                given["hukou_type"] = hukou
        flags = None
        flags_text = cell_text(cells.get("flags"))
        if flags_text in {"无", "-", "—", "/"}:
            flags = []  # said explicitly: no tags (a blank cell leaves them as they are)
        elif flags_text:
            labels = label_map(SensitiveFlag)
            # Unknown tags pass through, so that the person rules name them.
            flags = [labels.get(norm_label(tag), tag) for tag in split_tags(flags_text)]
        for key in ("is_living_alone",):
            if cell_text(cells.get(key)):
                try:
                    given[key] = parse_bool(cells[key], words="是”或“否")
                except BadCell as bad:
                    self._error(sheet, row, key, cells[key], bad.problem, bad.fix)
        notes = cell_text(cells.get("notes"))
        if len(notes) > 2000:
            self._error(sheet, row, "notes", notes[:20], _("备注过长"), _("备注不超过 2000 字"))
        elif notes:
            given["notes"] = notes

        # Who is it? ID number first, else name + birth date + flat.
        flat_id = flat.flat.pk if flat is not None and flat.flat is not None else None
        existing, index = None, ""
        id_ok = bool(id_number) and identity.id_number_problem(id_number) is None
        if id_ok:
            index = crypto.blind_index(id_number, purpose="id-number")
            existing = self.state.by_index.get(index)
            if existing is None and flat_id:
                candidate = self.state.by_name_birth_flat.get(
                    (name, identity.birth_date_from_id(id_number), flat_id))
                if candidate is not None and not candidate.id_number_index:
                    existing = candidate
        elif not id_number and "id_number" not in unreadable and flat_id:
            existing = self.state.by_name_birth_flat.get((name, given.get("birth_date"),
                                                          flat_id))

        data = {
            "name": name,
            "sex": given.get("sex", existing.sex if existing else ""),
            "birth_date": given.get("birth_date", existing.birth_date if existing else None),
            "id_number": id_number,
            "phone": phone,
            "hukou_type": given.get("hukou_type",
                                    existing.hukou_type if existing else HukouType.LOCAL),
            "flags": flags or [],
        }
        if existing is not None and not id_number and existing.id_number_index and (
                "sex" in given or "birth_date" in given):
            data["id_number"] = person_id_number(existing)
        clean, errors = clean_person_data(data, today=self.today)
        if not errors.keys() & {"birth_date", "id_number"} and "birth_date" not in unreadable:
            plan.birth_date = clean.get("birth_date")
        for name_of_field, messages in errors.items():
            if name_of_field in unreadable or (
                    name_of_field == "sex" and "id_number" in unreadable and not sex_text):
                continue
            problem, fix = self._explain(name_of_field, messages, clean, data, given)
            self._error(sheet, row, name_of_field, cells.get(name_of_field, ""), problem, fix)

        # What this row says about the person: what it gives, and for a new person what the
        # ID number gives; defaults are applied only when the person is created.
        values = {"name": clean["name"]}
        for key in ("sex", "birth_date"):
            if key in given or existing is None:
                values[key] = clean[key]
        if "hukou_type" in given:
            values["hukou_type"] = given["hukou_type"]
        if id_ok:
            values["id_number"] = clean["id_number"]
        if phone:
            values["phone"] = clean["phone"]
        if flags is not None:
            values["flags"] = clean["flags"]
        for key in ("is_living_alone", "notes"):
            if key in given:
                values[key] = given[key]

        if existing is not None:
            key = ("pk", existing.pk)
        elif id_ok:
            key = ("id", index)
        elif id_number or "id_number" in unreadable:
            key = ("row", row)
        else:
            key = ("new", clean["name"], clean.get("birth_date"), plan.flat_key or ("row", row))
        plan.person_key = key
        person = self.people.get(key)
        if person is None:
            self.people[key] = PersonPlan(key=key, person=existing, values=values, rows=[plan],
                                           first_row_of=dict.fromkeys(values, row))
            return
        person.rows.append(plan)
        for name_of_field, value in values.items():
            if name_of_field not in person.values:
                person.values[name_of_field] = value
                person.first_row_of[name_of_field] = row
            elif person.values[name_of_field] != value:
                self._error(sheet, row, name_of_field, cells.get(name_of_field, ""),
                            _("与第 %(row)s 行（同一人）的%(title)s不一致")
                            % {"row": person.first_row_of[name_of_field],
                               "title": _PERSON_COLUMNS[name_of_field]},
                            _("同一人在各行中的信息须一致"))

    def _explain(self, name, messages, clean, data, given) -> tuple[str, str]:
        """What is wrong and how to fix it, for the fields the person rules refused."""
        id_number = data.get("id_number") or ""
        if name == "id_number":
            problem = identity.id_number_problem(id_number) or ""
            if "校验位" in problem:
                return (_("身份证号校验位不正确"),
                        _("请核对最后一位（校验位），或对照身份证原件重新录入"))
            if "出生日期" in problem:
                return (_("身份证号中的出生日期不存在"),
                        _("第 7–14 位是出生年月日，请对照身份证原件核对"))
            return (_("身份证号应为 18 位"),
                    _("17 位数字加最后 1 位数字或 X，请检查是否多录或漏录"))
        id_ok = bool(id_number) and identity.id_number_problem(id_number) is None
        if name == "birth_date":
            birth = data.get("birth_date")
            if id_ok and birth and birth != identity.birth_date_from_id(id_number):
                return (_("出生日期与身份证号不一致"),
                        _("身份证号中的出生日期是 %(date)s；请以身份证原件为准改正其中之一")
                        % {"date": identity.birth_date_from_id(id_number).isoformat()})
            if birth and birth > self.today:
                return _("出生日期晚于今天"), _("请核对年份")
            return _("出生日期早于 1900 年"), _("请核对年份")
        if name == "sex":
            if not data.get("sex"):
                return _("缺少性别"), _("没有身份证号时须填写性别（男或女）")
            return (_("性别与身份证号不一致"),
                    _("身份证号第 17 位单数为男、双数为女；请核对性别或身份证号"))
        if name == "name":
            if not clean.get("name"):
                return (_("缺少必填项“%(title)s”") % {"title": "姓名"}, _("填写居民姓名"))
            return _("姓名过长"), _("姓名不超过 64 个字")
        if name == "phone":
            return (_("联系电话格式不正确"),
                    _("填写 11 位手机号，或带区号的固定电话（如 020-83001234）"))
        if name == "flags":
            unknown = sorted(set(data.get("flags") or []) - set(SensitiveFlag.values))
            return (_("有未知的标签：%(tags)s") % {"tags": "、".join(unknown)},
                    _("标签只能是 残疾、低保、困难群众、党员，多个用顿号（、）分隔"))
        return "；".join(messages), _("请按提示改正后重新上传")

    def _check_residence_and_ownership(self, row, cells, plan: RowPlan) -> None:
        sheet = RESIDENT_SHEET
        if cell_text(cells.get("is_owner")):
            try:
                plan.is_owner = parse_bool(cells["is_owner"], words="是”或“否")
            except BadCell as bad:
                self._error(sheet, row, "is_owner", cells["is_owner"], bad.problem, bad.fix)
        share_value = cells.get("share_percent")
        if cell_text(share_value):
            try:
                share = parse_decimal(share_value, suffixes=("%",))
            except ValueError:
                self._error(sheet, row, "share_percent", share_value, _("产权份额不是数字"),
                            _("填写百分数的数字，如 100 或 50"))
            else:
                if not Decimal("0") < share <= Decimal("100") or share != share.quantize(
                        Decimal("0.01")):
                    self._error(sheet, row, "share_percent", share_value,
                                _("产权份额应大于 0、不超过 100，最多两位小数"),
                                _("填写百分数的数字，如 100 或 50"))
                elif not plan.is_owner:
                    self._error(sheet, row, "share_percent", share_value,
                                _("填了产权份额，但“是否业主”不是“是”"),
                                _("业主请在“是否业主”填“是”；不是业主请清空产权份额"))
                else:
                    plan.share = share
        elif plan.is_owner:
            self._missing(sheet, row, "share_percent",
                          _("业主须填写产权份额，如独有产权填 100"))
        relation_text = cell_text(cells.get("relation"))
        if relation_text:
            relation = label_map(Relation).get(norm_label(relation_text))
            if relation is None:
                self._error(sheet, row, "relation", relation_text,
                            _("与户主关系不在可选范围内"),
                            _("填 户主、配偶、子女、父母、孙子女、兄弟姐妹、租户 或 其他"))
            else:
                plan.relation = relation
        elif not plan.is_owner:
            self._missing(sheet, row, "relation",
                          _("填写与户主的关系，如 户主、配偶、子女；只有产权、不在此居住的业主"
                            "可留空，并在“是否业主”填“是”"))
        if cell_text(cells.get("moved_in_on")):
            try:
                moved_in = parse_date(cells["moved_in_on"])
            except BadCell as bad:
                self._error(sheet, row, "moved_in_on", cells["moved_in_on"], bad.problem, bad.fix)
            else:
                birth = plan.birth_date
                if moved_in > self.today:
                    self._error(sheet, row, "moved_in_on", moved_in, _("入住日期晚于今天"),
                                _("核对年份；尚未入住的人请不要导入"))
                elif birth and moved_in < birth:
                    self._error(sheet, row, "moved_in_on", moved_in, _("入住日期早于出生日期"),
                                _("核对入住日期和出生日期"))
                else:
                    plan.moved_in_on = moved_in

    # -- checks across rows
    def _person_cell(self, plan: RowPlan) -> tuple[str, str]:
        """The column that names the person, and its value (the report masks ID numbers)."""
        return ("id_number", plan.id_number) if plan.id_number else ("name", plan.name)

    def _check_people(self) -> None:
        sheet = RESIDENT_SHEET
        for person in self.people.values():
            if len(person.rows) > 1:
                first_home, seen_flats = None, {}
                for plan in person.rows:
                    if plan.flat_key is not None and plan.flat_key in seen_flats:
                        self._error(sheet, plan.row, *self._person_cell(plan),
                                    _("与第 %(row)s 行是同一人、同一房屋，重复登记")
                                    % {"row": seen_flats[plan.flat_key]},
                                    _("删除重复的行"))
                        continue
                    if plan.flat_key is not None:
                        seen_flats[plan.flat_key] = plan.row
                    if plan.relation:
                        if first_home is None:
                            first_home = plan.row
                        else:
                            self._error(sheet, plan.row, *self._person_cell(plan),
                                        _("与第 %(row)s 行是同一人，同一人只能有一处现住址")
                                        % {"row": first_home},
                                        _("删除重复的行；此人如在另一套房屋有产权，请把那一行的"
                                          "“与户主关系”留空、“是否业主”填“是”"))
            if person.person is None:
                continue
            current = self.state.current.get(person.person.pk)
            for plan in person.rows:
                if plan.flat_key is None:
                    continue
                flat = self.flats[plan.flat_key]
                flat_id = flat.flat.pk if flat.flat is not None else None
                if plan.relation and current and current[0] != flat_id:
                    self._error(sheet, plan.row, *self._person_cell(plan),
                                _("此人已登记住在本社区 %(flat)s")
                                % {"flat": self.state.flat_label(current[0])},
                                _("如已搬家，请先在系统中为其办理迁出再导入；否则请核对身份证号"))
                elif plan.relation and current and current[1] != plan.relation:
                    self._error(sheet, plan.row, "relation", chinese_label(Relation, plan.relation),
                                _("与已登记的与户主关系（%(relation)s）不同，导入不会修改")
                                % {"relation": chinese_label(Relation, current[1])},
                                _("如需更正，请在居民页面修改"), level=WARNING)
                elif not plan.relation and current and current[0] == flat_id:
                    self._error(sheet, plan.row, "relation", "",
                                _("此人已登记住在该房屋，导入不会办理迁出"),
                                _("如此人仍住在这里，请填写与户主关系"), level=WARNING)

    def lives_here(self, plan: RowPlan) -> bool:
        person = self.people[plan.person_key].person
        flat = self.flats[plan.flat_key].flat
        if person is None or flat is None:
            return False
        current = self.state.current.get(person.pk)
        return current is not None and current[0] == flat.pk

    def _check_heads(self) -> None:
        heads: dict[tuple, int] = {}
        for plan in self.rows:
            if plan.relation != Relation.HEAD or plan.flat_key is None or self.lives_here(plan):
                continue
            if plan.flat_key in heads:
                self._error(RESIDENT_SHEET, plan.row, "relation", "户主",
                            _("同一房屋已有户主（第 %(row)s 行）") % {"row": heads[plan.flat_key]},
                            _("每套房屋只填一位户主；同住的另一户人家请填“租户”或“其他”"))
            else:
                heads[plan.flat_key] = plan.row

    def _check_shares(self) -> None:
        owners: dict[tuple, list[RowPlan]] = defaultdict(list)
        for plan in self.rows:
            if plan.is_owner and plan.share is not None and plan.flat_key is not None:
                owners[plan.flat_key].append(plan)
        for flat_key, plans in owners.items():
            flat = self.flats[flat_key].flat
            registered = self.state.owned.get(flat.pk, {}) if flat is not None else {}
            new = []
            for plan in plans:
                person = self.people[plan.person_key].person
                if person is not None and person.pk in registered:
                    if registered[person.pk] != plan.share:
                        self._error(RESIDENT_SHEET, plan.row, "share_percent", plan.share,
                                    _("与已登记的产权份额（%(share)s%%）不同，导入不会修改")
                                    % {"share": _percent(registered[person.pk])},
                                    _("如产权份额有变化，请在房屋页面办理"), level=WARNING)
                else:
                    new.append(plan)
            total = sum(registered.values(), Decimal("0")) + sum(p.share for p in new)
            if total <= Decimal("100") or not new:
                continue
            already = sum(registered.values(), Decimal("0"))
            rows = "、".join(str(p.row) for p in plans)
            fix = _("核对第 %(rows)s 行的产权份额") % {"rows": rows}
            if already:
                fix += _("（已登记的业主合计 %(share)s%%）") % {"share": _percent(already)}
            for plan in new:
                self._error(RESIDENT_SHEET, plan.row, "share_percent", plan.share,
                            _("同一房屋的产权份额合计 %(total)s%%，超过 100%%")
                            % {"total": _percent(total)}, fix)

    def _find_dependent_rows(self) -> None:
        """Rows that share a flat or a person with a bad row: a household goes in whole."""
        parent = list(range(len(self.rows)))

        def root(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_of: dict[tuple, int] = {}
        for index, plan in enumerate(self.rows):
            for key in (("flat", plan.flat_key), ("person", plan.person_key)):
                if key[1] is None:
                    continue
                if key in first_of:
                    parent[root(index)] = root(first_of[key])
                else:
                    first_of[key] = index
        bad_roots = {root(i) for i, plan in enumerate(self.rows)
                     if self.report.is_bad(RESIDENT_SHEET, plan.row)}
        self.skipped_rows = {plan.row for i, plan in enumerate(self.rows)
                             if root(i) in bad_roots
                             and not self.report.is_bad(RESIDENT_SHEET, plan.row)}


def _percent(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)

