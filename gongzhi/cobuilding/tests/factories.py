from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.cobuilding import services
from gongzhi.cobuilding.models import Resource
from gongzhi.organisations import services as partner_services
from gongzhi.organisations.models import PartnerUnit

BANK = ("建设银行科技园支行", "bank", "支行党员讲解电信诈骗、养老诈骗的常见套路，教老人识别骗局",
        "防诈骗宣传讲座", "talk", "safety", 60)
CLINIC = ("街社区卫生服务中心", "health", "医务人员到社区义诊：免费测血压、测血糖，老年人慢病咨询",
          "社区健康义诊", "clinic", "health", 80)
PARK = ("黄花岗公园", "park", "园内爱国主义教育活动，可供党员开展主题党日", "爱国主义教育主题党日",
        "venue", "party", 50)
SCHOOL = ("黄花小学", "school", "党支部组织学生上门探访慰问困难家庭和独居老人",
          "学生上门探访困难群众", "volunteers", "hardship", 20)
POLICE = ("黄花派出所", "police", "民警入户巡查，维护治安，结对帮扶困难群众", "治安巡查与结对帮扶",
          "volunteers", "safety", 30)
SHOP = ("新大新百货", "shop", "节日慰问品和生活用品", "节日慰问物资", "supplies", "hardship", 50)


def unit_with_resource(actor, community, spec) -> tuple[PartnerUnit, Resource]:
    name, kind, description, title, resource_kind, category, capacity = spec
    unit = partner_services.unit_create(actor=actor, community=community, name=name, kind=kind,
                                        party_organisation=f"{name}党支部", offers=description)
    resource = services.resource_create(actor=actor, unit=unit, title=title, kind=resource_kind,
                                        category=category, capacity=capacity,
                                        description=description)
    return unit, resource


def partner_contact(community, unit, username):
    user = user_with_role(Role.PARTNER_CONTACT, community, username=username)
    partner_services.contact_bind(actor=_root(), user=user, unit=unit)
    return user


def _root():
    from gongzhi.accounts.models import User

    return User.objects.filter(is_superuser=True).first()
