"""What every JSON endpoint shares at its boundary: bounded numbers, bounded pagination, the
problem schema and the error responses each operation documents.

Python's int has no bounds, the database's have: a value past them reached the database and
answered a server error (SQLite's "Python int too large", PostgreSQL's "out of range"). Every
integer an endpoint reads is typed with one of these, so the answer is a 422 problem instead.
"""

import datetime
from typing import Annotated

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator

BIGINT_MAX = 2**63 - 1   # SQLite INTEGER, PostgreSQL bigint (primary keys)
INT_MAX = 2**31 - 1      # PostgreSQL integer (IntegerField, PositiveIntegerField)

# A primary or foreign key: ids are positive and fit a signed 64-bit integer.
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
# A count or a quantity stored in an IntegerField.
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
# A calendar year the product reports on.
Year = Annotated[int, Field(ge=1949, le=2100)]



def _naive(value: datetime.time) -> datetime.time:
    if value.tzinfo is not None:
        raise ValueError("a local time of day, without an offset")
    return value


# A time of day on the community's wall clock (TIME_ZONE); the database keeps no offset.
LocalTime = Annotated[datetime.time, AfterValidator(_naive)]


class Pagination(LimitOffsetPagination):
    """limit/offset with an offset that, with the limit, stays inside SQLite's and
    PostgreSQL's 64-bit OFFSET (a larger one simply answers an empty page)."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1,
                           le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=2**62)


class Problem(Schema):
    """The JSON error every endpoint answers with: a stable code, a message for people, and
    details (for a validation error, the fields and what is wrong with them)."""

    code: str
    message: str
    detail: dict


# The statuses any operation may answer besides its own, documented for each in one place
# (gongzhi.api.GongzhiAPI): a refusal of the domain (400), no or an expired token (401), no
# permission (403), missing or out of scope (404), a conflict with the row's state (409), input
# that fails validation (422).
ERROR_STATUSES = {
    400: "操作未能完成（业务规则拒绝）",
    401: "未登录或令牌已失效",
    403: "没有执行此操作的权限",
    404: "找不到该记录，或无权查看",
    409: "与记录的当前状态冲突",
    422: "输入有误",
}


def _without_default(schema: dict) -> None:
    schema.pop("default", None)


def Unchanged(**kwargs):
    """The default of a PATCH field that may be left out but not set to null (its column holds
    no NULL): left out, it is unchanged (read the payload with exclude_unset); null answers 422.
    """
    return Field(None, json_schema_extra=_without_default, **kwargs)
