from gongzhi.care.register import rules as care_rules
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.places import selectors as places_selectors


def interface(request):
    """Display preferences and the user's roles, for the base template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        session = getattr(request, "session", {})
        return {"gz_large_text": session.get("gz_large_text", False),
                "gz_high_contrast": session.get("gz_high_contrast", False), "gz_roles": [],
                "gz_can_audit": False, "gz_can_view_people": False, "gz_has_own_record": False,
                "gz_can_view_votes": False, "gz_can_view_polls": False, "gz_can_cobuild": False,
                "gz_can_rate_projects": False,
                "gz_can_casework": False, "gz_can_use_topics": False, "gz_can_party": False,
                "gz_can_party_roll": False, "gz_can_volunteers": False,
                "gz_can_my_hours": False, "gz_can_duty_board": False, "gz_can_posts": False,
                "gz_can_view_activities": False, "gz_can_plan_activities": False,
                "gz_can_care_register": False, "gz_can_care_help": False,
                "gz_can_campaigns": False, "gz_can_supplies": False,
                "gz_can_donor_statement": False, "gz_can_care_statistics": False,
                "gz_can_confirm_accounts": False,
                "gz_can_portal_articles": False,
                "gz_can_dashboard": False, "gz_can_ledgers": False,
                "gz_home_community": None}
    return {
        "gz_large_text": user.large_text,
        "gz_high_contrast": user.high_contrast,
        "gz_roles": user.roles(),
        "gz_can_audit": has_permission_somewhere(user, "audit.view_auditentry"),
        "gz_can_view_people": has_permission_somewhere(user, "people.view_person"),
        # the residents' accounts signed up on the portal, which the community's staff confirm
        "gz_can_confirm_accounts": has_permission_somewhere(user, "portal.confirm_account"),
        "gz_has_own_record": user.has_own_record(),
        "gz_can_view_votes": has_permission_somewhere(user, "deliberation.view_vote"),
        "gz_can_view_polls": has_permission_somewhere(user, "deliberation.view_poll"),
        "gz_can_cobuild": (has_permission_somewhere(user, "cobuilding.view_board")
                           or has_permission_somewhere(user, "cobuilding.partner_portal")),
        "gz_can_rate_projects": has_permission_somewhere(user, "cobuilding.evaluate_project"),
        "gz_can_casework": has_permission_somewhere(user, "casework.view_board"),
        "gz_can_use_topics": (has_permission_somewhere(user, "deliberation.view_topic")
                              or has_permission_somewhere(user, "deliberation.propose_topic")),
        # the roll and the yearly summary reveal who is a member: only for those who keep them
        "gz_can_party_roll": has_permission_somewhere(user, "party.view_member"),
        "gz_can_party": (has_permission_somewhere(user, "party.view_organisation")
                         or has_permission_somewhere(user, "party.own_report")),
        # service posts and shifts (activities): staff and anyone who may volunteer
        "gz_can_posts": has_permission_somewhere(user, "activities.view_post"),
        # volunteers' profiles: the community's secretary and staff, a unit's contact (theirs)
        "gz_can_volunteers": (has_permission_somewhere(user, "activities.view_volunteer")
                              or has_permission_somewhere(user, "activities.partner_volunteers")),
        "gz_can_my_hours": has_permission_somewhere(user, "activities.join_volunteer"),
        # the coverage board of posts and shifts: those who lay out the rotas
        "gz_can_duty_board": has_permission_somewhere(user, "activities.manage_post"),
        # 活动: the staff's planner where they organise, else the residents' calendar
        "gz_can_view_activities": has_permission_somewhere(user, "activities.view_activity"),
        "gz_can_plan_activities": has_permission_somewhere(user, "activities.manage_activity"),
        # 帮扶 (care): the register, the overdue list and campaigns are the community staff's;
        # 我的帮扶 for whoever is paired with a household now (one query)
        "gz_can_care_register": care_rules.can_view_register(user),
        "gz_can_care_help": care_rules.can_help(user),
        "gz_can_campaigns": (has_permission_somewhere(user, "care.manage_campaign")
                             or has_permission_somewhere(user, "care.view_statistics")),
        "gz_can_supplies": has_permission_somewhere(user, "care.view_supplies"),
        "gz_can_donor_statement": has_permission_somewhere(user, "care.donor_statement"),
        "gz_can_care_statistics": care_rules.can_view_statistics(user),
        # 门户文章: those who write or review the portal's articles
        "gz_can_portal_articles": (has_permission_somewhere(user, "portal.write_article")
                                   or has_permission_somewhere(user, "portal.review_article")),
        # 统计 (reports' dashboards): every staff role, within its scope
        "gz_can_dashboard": has_permission_somewhere(user, "reports.view_dashboard"),
        # 工作台账: those who make the monthly and yearly ledgers for the street
        "gz_can_ledgers": has_permission_somewhere(user, "reports.make_ledger"),
        # the user's own community on the public portal (none above a community): from the
        # cached roles, no query
        "gz_home_community": places_selectors.home_community_id(user),
    }
