"""What each role may do, and at which level of the place tree it is bound.

Least privilege: district and street admins oversee and audit but do not edit a community's
registry; the community's own staff do. Later issues add their permissions here.
"""

from gongzhi.accounts.choices import Role, ScopeLevel

ROLE_LEVEL = {
    Role.DISTRICT_ADMIN: ScopeLevel.DISTRICT,
    Role.STREET_ADMIN: ScopeLevel.STREET,
    Role.COMMUNITY_SECRETARY: ScopeLevel.COMMUNITY,
    Role.COMMUNITY_STAFF: ScopeLevel.COMMUNITY,
    Role.GRID_WORKER: ScopeLevel.GRID,
    Role.PARTNER_CONTACT: ScopeLevel.COMMUNITY,
    Role.PARTY_MEMBER: ScopeLevel.COMMUNITY,
    Role.RESIDENT: ScopeLevel.COMMUNITY,
    Role.VOLUNTEER: ScopeLevel.COMMUNITY,
}

STAFF_ROLES = {Role.DISTRICT_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY,
               Role.COMMUNITY_STAFF, Role.GRID_WORKER}
EDITOR_ROLES = {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF, Role.GRID_WORKER}
ADMIN_ROLES = {Role.DISTRICT_ADMIN, Role.STREET_ADMIN}
PARTY_ROLL_ROLES = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF}
ALL_ROLES = set(Role)
# who may serve as a volunteer with their own login (the person-level check is their
# volunteer profile, activities.Volunteer.user or .person.user)
VOLUNTEER_ROLES = {Role.RESIDENT, Role.PARTY_MEMBER, Role.PARTNER_CONTACT, Role.VOLUNTEER}
SECRETARY_AND_STAFF = {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF}

# permission name -> roles that hold it (within the scope they are bound to)
PERMISSIONS: dict[str, set[str]] = {
    # the community's profile and honours: everyone attached to the community may read them
    "places.view_community": ALL_ROLES,
    "places.change_community": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    # grids, buildings, units and flats: the registry of places
    "places.view_place": STAFF_ROLES,
    "places.change_place": EDITOR_ROLES,
    "places.view_street": ADMIN_ROLES,
    "places.view_district": {Role.DISTRICT_ADMIN},
    "audit.view_auditentry": ADMIN_ROLES,
    # residents: names and households only for the community's own staff; admins see counts
    "people.view_person": EDITOR_ROLES,
    "people.change_person": EDITOR_ROLES,
    "people.view_statistics": STAFF_ROLES,
    # the full ID number or phone, on request and with a reason (audited)
    "people.reveal_sensitive": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    "people.import_person": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    # exporting personal data is a separate permission, and every export is audited
    "people.export_person": {Role.COMMUNITY_SECRETARY},
    # notices to residents: the community's own staff publish them, every staff role reads them
    "notifications.send_notice": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    "notifications.view_notice": STAFF_ROLES,
    # what went out on SMS, WeChat and e-mail, and what failed
    "notifications.view_delivery": ADMIN_ROLES | {Role.COMMUNITY_SECRETARY,
                                                  Role.COMMUNITY_STAFF},
    # co-building: the three lists (needs, resources, projects) and the partner units
    "cobuilding.view_board": STAFF_ROLES,
    "cobuilding.change_lists": EDITOR_ROLES,
    # a partner unit's contact: only the rows of the unit their login is bound to
    # (cobuilding.PartnerContact); see gongzhi/cobuilding/rules.py
    "cobuilding.partner_portal": {Role.PARTNER_CONTACT},
    # partner units, their contacts' logins and co-building agreements: the community's
    # secretary and staff (grid workers raise needs but do not sign agreements)
    "cobuilding.manage_partners": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    # residents rate a finished project of their own community, once each
    "cobuilding.evaluate_project": {Role.RESIDENT},
    # a party member offers their own resources (skills, time) from 我的报到; only the roll
    # entry whose person is linked to their login (cobuilding.services.resource_offer_by_member)
    "cobuilding.offer_resource": {Role.PARTY_MEMBER},
    # resident requests: residents report their own; the community's staff dispatch; staff and
    # grid workers handle; the street reviews requests marked unreasonable
    "casework.view_case": STAFF_ROLES,
    "casework.report_case": EDITOR_ROLES | {Role.RESIDENT},
    "casework.dispatch_case": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    "casework.handle_case": EDITOR_ROLES,
    "casework.review_case": {Role.STREET_ADMIN},
    "casework.view_board": ALL_ROLES,
    "casework.view_rates": STAFF_ROLES,
    # a partner unit's contact handles the requests dispatched to their own unit (the unit is
    # checked as well, in casework.rules), in a view without residents' personal data
    "casework.partner_handle_case": {Role.PARTNER_CONTACT},
    # the job queue belongs to no place: system administrators (superusers) only
    "jobs.view_job": set(),
    # owners' votes: staff see them; the community's own staff run them (owners vote on
    # their own flat by the frozen electorate, not by a role)
    "deliberation.view_vote": STAFF_ROLES,
    "deliberation.manage_vote": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    # residents' polls (one person, one vote): the same staff; residents vote by the frozen
    # electorate, not by a role
    "deliberation.view_poll": STAFF_ROLES,
    "deliberation.manage_poll": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    # consultation topics: anyone attached to the community proposes one and reads the
    # community's public topics; the party committee and residents' committee (secretary and
    # staff) screen and run them; the street hears escalated ones; residents rate the result
    "deliberation.view_topic": STAFF_ROLES,
    "deliberation.propose_topic": EDITOR_ROLES | {Role.RESIDENT, Role.PARTY_MEMBER,
                                                  Role.PARTNER_CONTACT},
    "deliberation.screen_topic": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    "deliberation.review_topic": {Role.STREET_ADMIN},
    "deliberation.rate_topic": {Role.RESIDENT, Role.PARTY_MEMBER, Role.PARTNER_CONTACT},
    # party building: the organisation tree is for staff; members' party status is sensitive
    # (masked in lists, revealed with a reason by the secretary and staff, every read audited)
    "party.view_organisation": STAFF_ROLES,
    # the street admin keeps the street working committee (街道党工委) and its officers; the
    # community's secretary and staff keep the committee, branches and groups below it
    "party.change_organisation": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF,
                                  Role.STREET_ADMIN},
    # being on the roll is itself party membership, which is sensitive: only those who keep the
    # roll see it (the community's secretary and staff, the street's working committee), not
    # grid workers or the district
    "party.view_member": PARTY_ROLL_ROLES,
    "party.change_member": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    "party.reveal_status": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    # 我的报到: a party member's own page (their record, the members' posts, their shifts and
    # hours); the posts and shifts themselves are activities' (activities.view_post ...)
    "party.own_report": {Role.PARTY_MEMBER},
    # the yearly summary per member and per work unit, and its export (audited)
    "party.view_summary": PARTY_ROLL_ROLES,
    "party.export_summary": {Role.COMMUNITY_SECRETARY, Role.COMMUNITY_STAFF},
    # activities: everyone attached to the community reads its calendar; the community's staff
    # and grid workers organise, sign up residents without a phone, check people in and report
    "activities.view_activity": ALL_ROLES,
    "activities.manage_activity": EDITOR_ROLES,
    # residents sign themselves up (their own registry record, through their login's person)
    "activities.signup_activity": {Role.RESIDENT, Role.PARTY_MEMBER},
    # who signed up and who came are personal data: the organisers' roles only (a themed party
    # day's attendance also shows party status: the party roll's permissions decide that)
    "activities.view_attendance": EDITOR_ROLES,
    # volunteers: anyone who may volunteer registers themself; the community's secretary and
    # staff confirm, suspend and see the profiles; a partner unit's contact sees (and registers)
    # their own unit's staff (the unit is checked in the rules)
    "activities.join_volunteer": VOLUNTEER_ROLES,
    "activities.view_volunteer": SECRETARY_AND_STAFF,
    "activities.manage_volunteer": SECRETARY_AND_STAFF,
    "activities.partner_volunteers": {Role.PARTNER_CONTACT},
    # service hours: the organiser's confirmation and the approval of corrections; admins above
    # the community see totals, not people
    "activities.confirm_hours": SECRETARY_AND_STAFF,
    "activities.view_hours_statistics": STAFF_ROLES,
    # posts and shifts: staff and grid workers publish posts and lay out rotas and see the
    # coverage board; volunteers see the posts open to them and take shifts
    "activities.view_post": STAFF_ROLES | VOLUNTEER_ROLES,
    # staff see every post of their scope; a volunteer only those open to them (a members-only
    # post to the community's party members, a unit's post to its staff) and those they served
    "activities.oversee_posts": STAFF_ROLES,
    "activities.manage_post": EDITOR_ROLES,
    "activities.take_shift": VOLUNTEER_ROLES,
    # who took a members-only post's shifts is who is a party member: as on the party roll,
    # only those who keep the roll see them by name (others see counts)
    "activities.view_shift_signups": SECRETARY_AND_STAFF,
    # patrol findings become requests (未诉先办): those who report requests for residents
    "activities.convert_finding": EDITOR_ROLES,
    # care (结对帮扶): the register of households in difficulty is the community's secretary's and
    # staff's; helpers see only the households they are paired with (a person-level condition,
    # care/register/helpers.py); street and district admins see counts per community, no names
    "care.view_household": SECRETARY_AND_STAFF,
    "care.manage_household": SECRETARY_AND_STAFF,
    "care.help_household": VOLUNTEER_ROLES,
    "care.view_statistics": STAFF_ROLES,
    # festival campaigns: staff run them; admins read their summaries
    "care.manage_campaign": SECRETARY_AND_STAFF,
    # the supplies ledger: staff keep it, admins check it; a partner contact reads the
    # statement of what their own unit donated
    "care.view_supplies": STAFF_ROLES,
    "care.manage_supplies": SECRETARY_AND_STAFF,
    "care.donor_statement": {Role.PARTNER_CONTACT},
    # the public portal: community staff write their community's articles, a street admin the
    # street's; the community's secretary and the street admin review and publish them
    "portal.write_article": SECRETARY_AND_STAFF | {Role.STREET_ADMIN},
    "portal.review_article": {Role.COMMUNITY_SECRETARY, Role.STREET_ADMIN},
    # residents' own accounts: the community's staff confirm who a new account belongs to
    "portal.confirm_account": SECRETARY_AND_STAFF,
    # dashboards: every staff role, within its scope (admins: per community, no names)
    "reports.view_dashboard": STAFF_ROLES,
    # work ledgers for the street: the community's secretary and staff, street and district
    "reports.make_ledger": SECRETARY_AND_STAFF | ADMIN_ROLES,
}


def roles_at(level: str) -> list[str]:
    return sorted(str(role) for role, role_level in ROLE_LEVEL.items() if role_level == level)


def permissions_of(role: str) -> set[str]:
    return {perm for perm, roles in PERMISSIONS.items() if role in roles}
