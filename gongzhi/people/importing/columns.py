"""The registry workbook's sheets and columns: their keys, headers, help and examples."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

RESIDENT_SHEET = "居民"
BUILDING_SHEET = "楼栋"
HELP_SHEET = "说明"

# The template's example rows are recognised, so that an unedited template is not imported.
# Region 440104, serial 99x: the range reserved for fictional people (docs/import-template.md).
TEMPLATE_EXAMPLE_ID = "440104196503089917"
TEMPLATE_EXAMPLE_BUILDING = "示例街1号（示例）"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key in the code, its header, whether it must be filled."""

    key: str
    title: str
    required: bool
    help: str
    example: object = ""
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.title}*" if self.required else self.title


RESIDENT_COLUMNS = [
    Column("building", "楼栋", True, "楼栋名称，与楼栋登记（或本文件“楼栋”工作表）中的名称一致。",
           TEMPLATE_EXAMPLE_BUILDING, ("楼栋名称", "楼号", "楼宇")),
    Column("unit", "单元", True, "单元号，如 1 或 1单元；不分单元的楼栋填 1。", "1",
           ("单元号",)),
    Column("room", "房号", True, "房号，如 302。", "302", ("房间号", "门牌号", "房屋")),
    Column("floor", "楼层", True, "所在楼层，整数；地下层填负数（如 -1）；不能高于楼栋层数。", 3,
           ("所在楼层",)),
    # The exclusive area is what owners' votes count. "建筑面积(平方米)" is the header of the
    # template before 2026-12, whose column was already the counted area: still accepted.
    Column("floor_area", "专有部分面积(平方米)", True,
           "房屋专有部分面积（套内面积），单位平方米，如 68.5；按不动产登记，没有登记的按测绘报告，"
           "再没有的按买卖合同。", Decimal("68.50"),
           ("专有面积", "专有部分面积", "套内建筑面积", "套内面积", "建筑面积(平方米)", "面积")),
    Column("area_source", "专有部分面积来源", False,
           "不动产登记 / 测绘报告 / 买卖合同 / 未核实；留空为“未核实”。", "不动产登记",
           ("面积来源",)),
    Column("name", "姓名", True, "居民姓名。", "王示例"),
    Column("sex", "性别", False, "男 / 女；留空时按身份证号确定（无身份证号时必填）。", "男"),
    Column("birth_date", "出生日期", False,
           "YYYY-MM-DD（或 Excel 日期）；留空时按身份证号确定；须与身份证号一致。",
           datetime.date(1965, 3, 8)),
    Column("id_number", "身份证号", False,
           "18 位居民身份证号码；请把本列设为“文本”格式，以免 Excel 改成科学计数法。",
           TEMPLATE_EXAMPLE_ID, ("身份证号码", "公民身份号码", "证件号码")),
    Column("phone", "联系电话", False, "11 位手机号，或带区号的固定电话（如 020-83001234）。",
           "13800001234", ("电话", "手机", "手机号", "手机号码", "联系方式")),
    Column("hukou_type", "户籍类型", False,
           "本市户籍 / 非本市户籍 / 港澳台居民 / 外籍人员；新登记的人留空为“本市户籍”。",
           "本市户籍", ("户籍",)),
    Column("relation", "与户主关系", True,
           "户主 / 配偶 / 子女 / 父母 / 孙子女 / 兄弟姐妹 / 租户 / 其他。"
           "只有产权、不在此居住的业主留空，并在“是否业主”填“是”。", "户主", ("关系",)),
    Column("moved_in_on", "入住日期", False, "YYYY-MM-DD；不能晚于今天。",
           datetime.date(1998, 6, 1), ("迁入日期",)),
    Column("is_owner", "是否业主", False, "是 / 否；留空为“否”。", "是", ("业主",)),
    Column("share_percent", "产权份额(%)", False,
           "是否业主为“是”时必填，如 100 或 50；同一房屋的份额合计不超过 100。", 100,
           ("产权份额", "份额")),
    Column("is_living_alone", "独居", False, "是 / 否。", "否", ("是否独居",)),
    Column("flags", "标签", False,
           "残疾、低保、困难群众、党员中的一个或几个，用顿号（、）、逗号或分号分隔；"
           "填“无”清除已登记的标签，留空则不改。属于敏感信息，加密保存。", "党员"),
    Column("notes", "备注", False, "其他需要说明的情况。", ""),
]

BUILDING_COLUMNS = [
    Column("name", "楼栋名称", True, "楼栋名称，全社区唯一，如 永泰东街1号。",
           TEMPLATE_EXAMPLE_BUILDING, ("楼栋", "名称")),
    Column("address", "地址", False, "门牌地址。", "广州市越秀区示例街1号（虚构地址）"),
    Column("floors", "层数", True, "地上层数，1–120。", 7, ("楼层数", "总层数")),
    Column("units", "单元数", False, "单元个数，留空为 1；导入时建立 1…n 单元。", 2),
    Column("year_built", "建成年份", False, "四位年份，如 1992。", 1992, ("建成年代",)),
    Column("has_elevator", "有无电梯", False, "有 / 无。", "无", ("电梯",)),
    Column("has_property_management", "有无物业", False, "有 / 无。", "无",
           ("物业", "有无物业管理")),
]

COLUMN_TITLES = {(sheet, column.key): column.title
                  for sheet, columns in ((RESIDENT_SHEET, RESIDENT_COLUMNS),
                                         (BUILDING_SHEET, BUILDING_COLUMNS))
                  for column in columns}
COLUMN_ORDER = {title: index for index, title in
                 enumerate([c.title for c in BUILDING_COLUMNS + RESIDENT_COLUMNS])}
