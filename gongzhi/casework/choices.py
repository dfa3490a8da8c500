from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryGroup(models.TextChoices):
    """What kind of problem: shared-space groups may be shown publicly, the others never."""

    FACILITY = "facility", _("公共设施")
    BUILDING = "building", _("房屋楼宇")
    ENVIRONMENT = "environment", _("环境卫生")
    DISPUTE = "dispute", _("邻里纠纷")
    PERSONAL = "personal", _("个人求助")


NEVER_PUBLIC_GROUPS = {CategoryGroup.DISPUTE, CategoryGroup.PERSONAL}


class Channel(models.TextChoices):
    ONLINE = "online", _("居民网上反映")
    PHONE = "phone", _("电话（工作人员代录）")
    WALK_IN = "walk_in", _("来访（工作人员代录）")
    PATROL = "patrol", _("网格巡查（未诉先办）")
    HOTLINE = "hotline", _("12345 热线派单")


class Status(models.TextChoices):
    NEW = "new", _("待派单")
    DISPATCHED = "dispatched", _("待接单")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("办理中")
    ANSWERED = "answered", _("已答复，待回访")
    REOPENED = "reopened", _("重办")
    REVIEW = "review", _("不合理诉求待街道审核")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已合并")


OPEN_STATUSES = [Status.NEW, Status.DISPATCHED, Status.RETURNED, Status.ACCEPTED,
                 Status.ANSWERED, Status.REOPENED, Status.REVIEW]


class StepAction(models.TextChoices):
    REPORT = "report", _("登记")
    DISPATCH = "dispatch", _("派单")
    ACCEPT = "accept", _("接单")
    RETURN = "return", _("退回")
    ESCALATE = "escalate", _("吹哨报到（上报街道）")
    EXTEND = "extend", _("延期")
    ANSWER = "answer", _("答复")
    FOLLOW_UP = "follow_up", _("回访")
    REOPEN = "reopen", _("重办")
    MARK_UNREASONABLE = "mark_unreasonable", _("标记不合理诉求")
    REVIEW = "review", _("街道审核")
    MERGE = "merge", _("合并")
    # a volunteer task (party.Post) published from the request, and a claim of it confirmed:
    # recorded in the timeline, the status does not move (the handler still answers)
    TASK = "task", _("发布志愿任务")
    TASK_DONE = "task_done", _("志愿任务完成")


class Urgency(models.TextChoices):
    """Red, yellow, green on lists: overdue, nearly due, in time."""

    RED = "red", _("已超期")
    YELLOW = "yellow", _("即将到期")
    GREEN = "green", _("正常")
    NONE = "none", _("无时限")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班日")
