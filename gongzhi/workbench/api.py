"""The workbench in the JSON API: the same sections, counts and links as the page."""

from ninja import Router, Schema

from gongzhi.workbench import selectors

router = Router(tags=["workbench"])


class ItemOut(Schema):
    key: str
    label: str
    url: str
    count: int | None
    value: str
    hint: str
    tone: str


class RateOut(Schema):
    key: str
    label: str
    this_month: str
    last_month: str
    trend: str


class CellOut(Schema):
    key: str
    label: str
    count: int | str
    url: str


class ColumnOut(Schema):
    key: str
    label: str


class RowOut(Schema):
    community_id: int
    community: str
    cells: list[CellOut]


class SectionOut(Schema):
    key: str
    title: str
    subtitle: str
    items: list[ItemOut]
    rates: list[RateOut]
    rates_url: str
    columns: list[ColumnOut]
    rows: list[RowOut]


class ShortcutOut(Schema):
    url: str
    label: str
    hint: str


class WorkbenchOut(Schema):
    sections: list[SectionOut]
    shortcuts: list[ShortcutOut]


@router.get("", response=WorkbenchOut, summary="工作台：按角色列出待办及其链接")
def workbench(request):
    data = selectors.workbench(request.auth)
    return {"sections": [selectors.as_data(section) for section in data["sections"]],
            "shortcuts": data["shortcuts"]}
