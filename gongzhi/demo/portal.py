"""Demo portal articles: 黄花岗街's series 社区风采 with a profile of 永泰社区, written for this
project from the facts of a 2020 newspaper profile (area, population, older residents, the 40
buildings without property management, partner units, honours) in our own words and without
anyone's name; a short profile of each of the street's other (invented) communities; and a
year of 永泰社区's news and notices, one scheduled for next week, one draft and one waiting
for review, so that the back office has work.

Every article goes through the portal's services (portal.articles.services) as the demo logins
would write it: street_admin writes and publishes the street's series, yongtai_staff writes
the community's articles and yongtai_secretary publishes them. Seeding again adds nothing: an
article is written only if its title is not there yet.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.places.models import Community
from gongzhi.portal.articles import services
from gongzhi.portal.articles.choices import ArticleKind
from gongzhi.portal.articles.models import Article, Series

SERIES_TITLE = "社区风采"
SERIES_DESCRIPTION = ("黄花岗街辖内各社区的巡礼：社区概况、共建单位、为居民办成的实事。"
                      "逐个社区介绍，陆续刊出。")
PROFILE_TITLE = "永泰社区：没有物业的四十栋楼，有一个“大管家”"
PROFILE_SUMMARY = "0.2 平方公里、4400 名居民、40 栋没有物业的居民楼：黄花岗街社区巡礼之永泰社区。"

# Written for this project from the facts in /work/shared/seed (a 2020 newspaper profile):
# the figures and the names of institutions and honours are the report's, the sentences ours.
PROFILE_HTML = "".join(line.strip() for line in """
<p>从广州大道往西走进黄花岗街，老城区的街巷之间就是永泰社区。社区面积约 0.2 平方公里，住着
约 4400 名常住居民，其中 60 岁以上的老人有 900 多位，差不多每五个人里就有一位长者。</p>
<h2>社区概况</h2>
<ul>
<li>面积：约 0.2 平方公里</li>
<li>常住人口：约 4400 人，60 岁以上老人 900 余人</li>
<li>居民楼：40 栋，均没有物业公司管理；另有商务楼宇</li>
<li>服务设施：党群服务中心（议事厅、党员活动室）、长者饭堂、星光老年之家、社区图书室、居民健身点</li>
</ul>
<h2>没有物业的楼，谁来管？</h2>
<p>永泰的 40 栋居民楼大多建于上世纪八九十年代，至今没有一栋请了物业公司。楼道灯坏了、
天面漏水、下水道堵了，居民第一个想到的就是居委会。社区党委和居委会因此成了这些楼宇实际上的
“大管家”：微改造、老楼加装电梯、楼道等公共部位维修这些大事，都由社区牵头，先入户了解情况、
听取居民意见，再把各方的利益摆到桌面上商量，议定之后推动落实。</p>
<h2>单位多，是难处，也是底气</h2>
<p>社区范围不大，驻区单位却不少：黄花岗公园、街道社区卫生服务中心、黄花小学、新大新百货、
建设银行网点、黄花派出所等都在辖内。单位多、人员杂，日常巡查和服务的工作量比一般社区大；
但社区把这些单位请进了共建的圈子，定期坐下来议事，遇到社区自己解决不了的难题，就请各单位发挥
所长，出人、出物、出主意。</p>
<ul>
<li>银行的党支部到社区讲防范电信诈骗，教老人识别骗局；</li>
<li>社区卫生服务中心定期派医生在社区义诊，并开展控烟宣传；</li>
<li>社区党员到黄花岗公园参加爱国主义教育活动，过主题党日；</li>
<li>驻区单位的党员和学校师生与困难家庭结对，节日上门探望；</li>
<li>疫情防控期间，公园送来铁马和防疫物资，学校和机关派出党员在测温点轮流值守。</li>
</ul>
<h2>荣誉</h2>
<ul>
<li>广东省宜居社区（2011 年）</li>
<li>广东省“六好”平安和谐社区（2012 年）</li>
<li>广州市幸福社区（2015 年）</li>
<li>越秀区计划生育达标社区（2016 年）</li>
</ul>
<p>“永泰”二字，寓意长久安康。对一个没有物业的老社区来说，这份安康靠的是社区工作者、
居民党员和驻区单位一起出力，一件一件把身边的小事办好。</p>
<p><em>本文依据公开报道整理改写，数据以社区最新统计为准。</em></p>
""".splitlines())  # Chinese text: the lines are joined without a space


def _other_profile(community: Community) -> tuple[str, str, str]:
    """(title, summary, body) of a short profile of one of the street's invented communities."""
    title = f"{community.name}剪影"
    body = (
        f"<p>{community.name}是黄花岗街的社区之一，常住居民约 {community.resident_population} 人，"
        f"其中 60 岁以上的长者约 {community.elderly_population} 人。</p>"
        "<h2>社区日常</h2>"
        "<ul><li>党群服务中心每周开放，居民可在此议事、借书、参加兴趣小组；</li>"
        "<li>网格员定期走访独居和高龄长者；</li>"
        "<li>与驻区单位共建，开展义诊、清洁家园等活动。</li></ul>"
        "<p><em>演示数据：社区名称与数字均为虚构。</em></p>")
    summary = f"{community.name}概况：常住居民约 {community.resident_population} 人。（演示）"
    return title, summary, body


# (days before today, kind, title, summary, body) of 永泰社区's published news and notices
YONGTAI_ARTICLES = [
    (330, ArticleKind.NEWS, "新年写春联，邻里送祝福",
     "社区书法爱好者为居民义写春联，长者饭堂同日开展迎新聚餐。",
     "<p>新年前夕，社区书法兴趣小组在党群服务中心门口摆开长桌，为居民义写春联和“福”字，"
     "一上午送出春联一百多副。</p><p>同日中午，长者饭堂为就餐的老人准备了迎新聚餐，志愿者"
     "把饭菜送到行动不便的长者家中。</p>"),
    (300, ArticleKind.NOTICE, "关于春节期间社区服务安排的通知",
     "春节期间党群服务中心值班安排和紧急联系方式。",
     "<p>春节假期期间，社区党群服务中心安排工作人员轮流值班，办理紧急事务。</p>"
     "<ul><li>值班时间：每天 9:00–12:00</li><li>长者饭堂：除夕至初二暂停，初三起恢复</li>"
     "<li>楼道水电等紧急情况：请拨打社区值班电话或通过“共治”提交诉求</li></ul>"),
    (270, ArticleKind.NEWS, "驻区银行走进社区，教长者识破电信诈骗",
     "银行党支部志愿者用真实案例讲解常见骗局。",
     "<p>驻区银行网点党支部的志愿者来到社区活动室，结合近期常见的“冒充客服”“保健品返利”"
     "等骗局，教长者如何识别可疑电话和短信。</p><h2>三条提醒</h2><ul><li>不轻信陌生来电"
     "</li><li>不透露验证码</li><li>不向陌生账户转账</li></ul>"),
    (240, ArticleKind.NEWS, "社区卫生服务中心义诊：量血压、查血糖、讲用药",
     "医生在党群服务中心为居民免费检查并答疑。",
     "<p>街道社区卫生服务中心的医生护士在党群服务中心开展义诊，为居民测量血压、血糖，"
     "解答慢性病用药问题，并为有需要的长者预约家庭医生签约服务。</p>"),
    (205, ArticleKind.NOTICE, "雨季来临，请留意楼顶和下水道",
     "提醒居民清理天面杂物，发现渗漏及时报告。",
     "<p>进入雨季，请各楼栋居民协助清理天面和阳台的杂物，保持排水通畅。发现屋面渗水、"
     "下水道返水，请及时通过“共治”提交诉求，社区将尽快安排处理。</p>"),
    (170, ArticleKind.NEWS, "七一主题党日：社区党员走进黄花岗公园",
     "党员重温入党誓词，并参与公园周边环境清洁。",
     "<p>“七一”前夕，社区党委带着党员走进黄花岗公园过主题党日，重温入党誓词，"
     "随后分组清理公园周边街巷的卫生死角。</p>"),
    (140, ArticleKind.NEWS, "暑期托管：小学生在社区图书室度过充实下午",
     "大学生志愿者辅导作业，开展安全教育。",
     "<p>暑假期间，社区图书室每周三天下午开放托管，大学生志愿者辅导孩子们完成作业，"
     "并开展防溺水、用电安全等小课堂。</p>"),
    (110, ArticleKind.NOTICE, "福寿里5号加装电梯申请公示",
     "该楼业主申请加装电梯，公示期内欢迎提出意见。",
     "<p>福寿里5号楼业主已就加装电梯达成一致意见并提交申请，现将设计方案、费用分摊方案"
     "予以公示。公示期为十个工作日，自本通知发布之日起计算。</p><p>对方案有意见的居民，"
     "可在公示期内到党群服务中心书面提出，或通过“共治”提交。</p>"),
    (75, ArticleKind.NEWS, "重阳敬老：为八十岁以上长者送上祝福",
     "志愿者上门探访高龄长者，长者饭堂加菜。",
     "<p>重阳节当天，社区工作人员和志愿者分组上门探访辖内八十岁以上的长者，送上慰问品，"
     "了解他们的生活需要。长者饭堂也为老人们加了菜。</p>"),
    (40, ArticleKind.NOTICE, "社区健康义诊预告",
     "本月下旬在党群服务中心开展健康义诊。",
     "<p>社区将联合社区卫生服务中心在党群服务中心开展健康义诊，内容包括测量血压血糖、"
     "用药咨询和中医体质辨识。请有需要的居民携带既往病历参加。</p>"),
    (18, ArticleKind.NOTICE, "东侧小巷微改造议事结果公示",
     "居民议事会已表决通过小巷微改造方案，现公示结果，欢迎提出意见。",
     "<p>社区东侧小巷路面坑洼、照明不足，经居民提议，社区召开议事会，邀请巷内住户、"
     "楼栋业主代表、在职党员和驻区单位代表共同商议。</p><h2>议定结果</h2><ul>"
     "<li>重铺透水砖路面，增设路灯和扶手；</li><li>巷口设置休息座椅，由共建单位捐赠；</li>"
     "<li>施工避开中午午休时间。</li></ul><p>公示期为七天，自本通知发布之日起计算。"
     "居民对结果有异议的，可在公示期内到党群服务中心或通过“共治”提出。</p>"),
    (12, ArticleKind.NEWS, "楼道“微更新”：三栋老楼换上新灯",
     "社区为三栋老楼更换楼道灯，晚归居民不再摸黑。",
     "<p>根据居民反映，社区为三栋老楼更换了楼道声控灯并检修线路。没有物业管理的老楼，"
     "楼道设施由社区牵头维护，居民发现问题可随时提交诉求。</p>"),
]
SCHEDULED = (ArticleKind.NOTICE, "冬季消防安全检查通知",
             "下周起入户检查楼道消防设施，请居民配合。",
             "<p>下周起，社区将联合派出所对辖内居民楼开展冬季消防安全检查，重点检查楼道杂物、"
             "电动车充电和灭火器配置。请居民清理楼道杂物，配合检查。</p>")
IN_REVIEW = (ArticleKind.NEWS, "长者饭堂新菜单征求意见",
             "长者饭堂拟调整冬季菜单，听取就餐长者意见。",
             "<p>长者饭堂拟在冬季增加汤品和软食，社区正在听取就餐长者和家属的意见。</p>")
DRAFT = (ArticleKind.NEWS, "社区年度工作回顾（草稿）", "",
         "<p>本年度社区围绕老楼维修、长者服务和共建活动，做了以下工作：</p>"
         "<ul><li>诉求办理</li><li>协商议事</li><li>结对帮扶</li></ul>")


def _at(now: datetime.datetime, days_ago: int) -> datetime.datetime:
    return (now - datetime.timedelta(days=days_ago)).replace(hour=10, minute=0, second=0,
                                                             microsecond=0)


def _written(place, title: str) -> bool:
    return Article.objects.filter(street=getattr(place, "street", place), title=title).exists()


def _backdate(article: Article, when: datetime.datetime) -> None:
    # a demo article was written when it says, not when the demo was loaded
    Article.objects.filter(pk=article.pk).update(created_at=when)


def _publish(*, writer, reviewer, place, kind, title, summary, body, when, series=None):
    article = services.article_create(actor=writer, place=place, title=title, summary=summary,
                                      body_html=body, kind=kind, series=series, publish_at=when)
    services.article_submit(actor=writer, article=article)
    services.article_publish(actor=reviewer, article=article, at=min(when, timezone.now()))
    _backdate(article, min(when, timezone.now()) - datetime.timedelta(days=1))
    return article


@transaction.atomic
def seed_portal(places: dict, *, now=None) -> None:
    now = now or timezone.now()
    street, yongtai = places["street"], places["yongtai"]
    street_admin = User.objects.get(username="street_admin")
    staff = User.objects.get(username="yongtai_staff")
    secretary = User.objects.get(username="yongtai_secretary")

    series = Series.objects.filter(street=street, title=SERIES_TITLE).first()
    if series is None:
        series = services.series_create(actor=street_admin, place=street, title=SERIES_TITLE,
                                        description=SERIES_DESCRIPTION)
    if not _written(yongtai, PROFILE_TITLE):
        _publish(writer=street_admin, reviewer=street_admin, place=yongtai,
                 kind=ArticleKind.PROFILE, title=PROFILE_TITLE, series=series,
                 summary=PROFILE_SUMMARY,
                 body=PROFILE_HTML, when=_at(now, 60))
    others = Community.objects.filter(street=street).exclude(pk=yongtai.pk).order_by("name")
    for index, community in enumerate(others):
        title, summary, body = _other_profile(community)
        if not _written(community, title):
            _publish(writer=street_admin, reviewer=street_admin, place=community,
                     kind=ArticleKind.PROFILE, title=title, summary=summary, body=body,
                     series=series, when=_at(now, 55 - 3 * index))

    for days_ago, kind, title, summary, body in YONGTAI_ARTICLES:
        if not _written(yongtai, title):
            _publish(writer=staff, reviewer=secretary, place=yongtai, kind=kind, title=title,
                     summary=summary, body=body, when=_at(now, days_ago))
    kind, title, summary, body = SCHEDULED
    if not _written(yongtai, title):
        _publish(writer=staff, reviewer=secretary, place=yongtai, kind=kind, title=title,
                 summary=summary, body=body, when=_at(now, -7))
    kind, title, summary, body = IN_REVIEW
    if not _written(yongtai, title):
        article = services.article_create(actor=staff, place=yongtai, title=title,
                                          summary=summary, body_html=body, kind=kind)
        services.article_submit(actor=staff, article=article)
    kind, title, summary, body = DRAFT
    if not _written(yongtai, title):
        services.article_create(actor=staff, place=yongtai, title=title, summary=summary,
                                body_html=body, kind=kind)
