"""Every action a page offers and its twin in the API (issue 13, item 4).

A page action is a page route that takes a POST (test_api_twins finds them from the views:
method decorators, class-based views' `post`, and view code that reads the POST). Each is
listed in exactly one of:

- TWINS: the API operations ("METHOD /api/v1/path") that do the same through the same access
  function and service. A dispatcher (one route, an action per button) lists its actions as
  "route action". The paths, not the operation ids, are the keys: the ids derive from module
  paths, which issue 13 is moving, while the paths are a promise to API clients.
- MISSING_TWINS: page actions without an API operation today. This list only shrinks: the test
  fails when an entry gains a twin, so that it moves to TWINS.
- UI_ONLY: actions that change nothing but this browser's session or preferences.
"""

TWINS = {
    "portal:signup": ("POST /api/v1/portal/signup",),
    "portal:code_send": ("POST /api/v1/portal/codes",),
    "portal:password_reset": ("POST /api/v1/portal/password-reset",),
    "portal:account_action confirm": ("POST /api/v1/portal/accounts/{account_id}/confirm",),
    "portal:account_action reject": ("POST /api/v1/portal/accounts/{account_id}/reject",),
    "activities:activity_create": ("POST /api/v1/activities/activities",),
    "activities:activity_action edit": ("PATCH /api/v1/activities/activities/{activity_id}",),
    "activities:activity_action publish":
        ("POST /api/v1/activities/activities/{activity_id}/publish",),
    "activities:activity_action close":
        ("POST /api/v1/activities/activities/{activity_id}/close",),
    "activities:activity_action done": ("POST /api/v1/activities/activities/{activity_id}/done",),
    "activities:activity_action report":
        ("POST /api/v1/activities/activities/{activity_id}/report",),
    "activities:activity_action photo":
        ("POST /api/v1/activities/activities/{activity_id}/photos",),
    "activities:activity_action rotate_code":
        ("POST /api/v1/activities/activities/{activity_id}/rotate-code",),
    "activities:activity_action signup_for":
        ("POST /api/v1/activities/activities/{activity_id}/signups/resident",),
    "activities:activity_action cancel":
        ("POST /api/v1/activities/activities/{activity_id}/cancel",),
    "activities:activity_join": ("POST /api/v1/activities/activities/{activity_id}/signups",),
    "activities:checkin": ("POST /api/v1/activities/checkin",),
    "activities:signup_action cancel_signup":
        ("POST /api/v1/activities/signups/{signup_id}/cancel",),
    "activities:signup_action accept_offer":
        ("POST /api/v1/activities/signups/{signup_id}/accept",),
    "activities:signup_action decline_offer":
        ("POST /api/v1/activities/signups/{signup_id}/decline",),
    "activities:signup_action staff_checkin":
        ("POST /api/v1/activities/signups/{signup_id}/check-in",),
    "activities:signup_action staff_checkout":
        ("POST /api/v1/activities/signups/{signup_id}/check-out",),
    "activities:signup_action confirm_hours":
        ("POST /api/v1/activities/signups/{signup_id}/hours",),
    "accounts:login": ("POST /api/v1/auth/token",),
    "accounts:password_change": ("POST /api/v1/auth/password",),
    "places:community_edit": ("PATCH /api/v1/places/communities/{community_id}",),
    "places:honour_create": ("POST /api/v1/places/communities/{community_id}/honours",),
    "places:honour_delete": ("DELETE /api/v1/places/honours/{honour_id}",),
    "places:building_edit": ("PATCH /api/v1/places/buildings/{building_id}",),
    "places:flat_edit": ("PATCH /api/v1/places/flats/{flat_id}",),
    "places:flat_unsold": ("POST /api/v1/places/flats/{flat_id}/unsold",),
    "people:person_create": ("POST /api/v1/people/persons",
                             "POST /api/v1/people/flats/{flat_id}/residences"),
    "people:person_edit": ("PATCH /api/v1/people/persons/{person_id}",),
    "people:person_quick_edit": ("PATCH /api/v1/people/persons/{person_id}",),
    "people:person_reveal": ("POST /api/v1/people/persons/{person_id}/reveal",),
    "people:my_record": ("PATCH /api/v1/people/me",),
    "people:my_correction_create": ("POST /api/v1/people/me/corrections",),
    "notifications:mark_all_read": ("POST /api/v1/notifications/read-all",),
    "notifications:notice_create": ("POST /api/v1/notifications/notices",),
    "notifications:preferences": ("PUT /api/v1/notifications/preferences",),
    "jobs:job_retry": ("POST /api/v1/jobs/{job_id}/retry",),
    "casework:case_create": ("POST /api/v1/casework/cases",),
    "casework:case_action dispatch": ("POST /api/v1/casework/cases/{case_id}/dispatch",),
    "casework:case_action accept": ("POST /api/v1/casework/cases/{case_id}/accept",),
    "casework:case_action return": ("POST /api/v1/casework/cases/{case_id}/return",),
    "casework:case_action escalate": ("POST /api/v1/casework/cases/{case_id}/escalate",),
    "casework:case_action extend": ("POST /api/v1/casework/cases/{case_id}/extend",),
    "casework:case_action answer": ("POST /api/v1/casework/cases/{case_id}/answer",),
    "casework:case_action follow_up": ("POST /api/v1/casework/cases/{case_id}/follow-up",),
    "casework:case_action mark_unreasonable":
        ("POST /api/v1/casework/cases/{case_id}/mark-unreasonable",),
    "casework:case_action review": ("POST /api/v1/casework/cases/{case_id}/review",),
    "casework:case_action merge": ("POST /api/v1/casework/cases/{case_id}/merge",),
    "casework:partner_case_action accept":
        ("POST /api/v1/casework/partner/cases/{case_id}/accept",),
    "casework:partner_case_action return":
        ("POST /api/v1/casework/partner/cases/{case_id}/return",),
    "casework:partner_case_action answer":
        ("POST /api/v1/casework/partner/cases/{case_id}/answer",),
    "casework:partner_case_action extend":
        ("POST /api/v1/casework/partner/cases/{case_id}/extend",),
    "casework:case_reveal": ("POST /api/v1/casework/cases/{case_id}/reveal",),
    "cobuilding:unit_create": ("POST /api/v1/cobuilding/units",),
    "cobuilding:unit_edit": ("PATCH /api/v1/cobuilding/units/{unit_id}",),
    "cobuilding:contact_add": ("POST /api/v1/cobuilding/units/{unit_id}/contacts",),
    "cobuilding:contact_link": ("POST /api/v1/cobuilding/units/{unit_id}/contacts",),
    "cobuilding:need_from_case": ("POST /api/v1/cobuilding/needs/from-case/{case_id}",),
    "cobuilding:report_create": ("POST /api/v1/cobuilding/projects/{project_id}/reports",),
    "cobuilding:contact_remove": ("DELETE /api/v1/cobuilding/contacts/{contact_id}",),
    "cobuilding:agreement_create": ("POST /api/v1/cobuilding/agreements",),
    "cobuilding:agreement_edit": ("PATCH /api/v1/cobuilding/agreements/{agreement_id}",),
    "cobuilding:agreement_review":
        ("POST /api/v1/cobuilding/agreements/{agreement_id}/review",),
    "cobuilding:agreement_renew": ("POST /api/v1/cobuilding/agreements/{agreement_id}/renew",),
    "cobuilding:need_create": ("POST /api/v1/cobuilding/needs",),
    "cobuilding:need_edit": ("PATCH /api/v1/cobuilding/needs/{need_id}",),
    "cobuilding:need_close": ("POST /api/v1/cobuilding/needs/{need_id}/close",),
    "cobuilding:need_reopen": ("POST /api/v1/cobuilding/needs/{need_id}/reopen",),
    "cobuilding:match_propose": ("POST /api/v1/cobuilding/needs/{need_id}/matches",),
    "cobuilding:match_respond":
        ("POST /api/v1/cobuilding/partner/matches/{match_id}/respond",),
    "cobuilding:resource_create": ("POST /api/v1/cobuilding/resources",),
    "cobuilding:resource_edit": ("PATCH /api/v1/cobuilding/resources/{resource_id}",),
    "cobuilding:partner_resource_create": ("POST /api/v1/cobuilding/partner/resources",),
    "cobuilding:project_create": ("POST /api/v1/cobuilding/projects",),
    "cobuilding:project_lead": ("POST /api/v1/cobuilding/projects/{project_id}/lead",),
    "cobuilding:project_publish": ("POST /api/v1/cobuilding/projects/{project_id}/publish",),
    "cobuilding:project_evaluate":
        ("POST /api/v1/cobuilding/community-projects/{project_id}/evaluations",),
    "cobuilding:milestone_create":
        ("POST /api/v1/cobuilding/projects/{project_id}/milestones",),
    "cobuilding:milestone_done": ("POST /api/v1/cobuilding/milestones/{milestone_id}/done",),
    "deliberation:vote_create":
        ("POST /api/v1/deliberation/votes",),
    "deliberation:vote_action edit":
        ("PATCH /api/v1/deliberation/votes/{vote_id}",),
    "deliberation:vote_action open":
        ("POST /api/v1/deliberation/votes/{vote_id}/open",),
    "deliberation:vote_action paper":
        ("POST /api/v1/deliberation/votes/{vote_id}/paper-ballots",),
    "deliberation:vote_action check":
        ("POST /api/v1/deliberation/vote-ballots/{ballot_id}/check",),
    "deliberation:vote_action proxy":
        ("POST /api/v1/deliberation/vote-electors/{elector_id}/proxies",),
    "deliberation:vote_action proxy_ballot":
        ("POST /api/v1/deliberation/vote-proxies/{proxy_id}/ballots",),
    "deliberation:vote_action proxy_revoke":
        ("POST /api/v1/deliberation/vote-proxies/{proxy_id}/revoke",),
    "deliberation:vote_action correct":
        ("POST /api/v1/deliberation/vote-ballots/{ballot_id}/correct",),
    "deliberation:vote_action elector_correct":
        ("POST /api/v1/deliberation/vote-electors/{elector_id}/corrections",),
    "deliberation:vote_action publish":
        ("POST /api/v1/deliberation/votes/{vote_id}/publish",),
    "deliberation:vote_action objection":
        ("POST /api/v1/deliberation/votes/{vote_id}/objections",),
    "deliberation:vote_action answer":
        ("POST /api/v1/deliberation/vote-objections/{objection_id}/answer",),
    "deliberation:my_ballot objection":
        ("POST /api/v1/deliberation/my-votes/{vote_id}/objections",),
    "deliberation:vote_action close": ("POST /api/v1/deliberation/votes/{vote_id}/close",),
    "deliberation:vote_action document":
        ("POST /api/v1/deliberation/votes/{vote_id}/documents",),
    "deliberation:my_ballot ballot": ("POST /api/v1/deliberation/my-votes/{vote_id}/ballots",),
    "deliberation:publicity_photo_add":
        ("POST /api/v1/deliberation/votes/{vote_id}/publicity-photos",),
    "deliberation:poll_create": ("POST /api/v1/deliberation/polls",),
    "deliberation:poll_action open": ("POST /api/v1/deliberation/polls/{poll_id}/open",),
    "deliberation:poll_action paper":
        ("POST /api/v1/deliberation/polls/{poll_id}/paper-ballots",),
    "deliberation:poll_action check":
        ("POST /api/v1/deliberation/poll-ballots/{ballot_id}/check",),
    "deliberation:poll_action publish": ("POST /api/v1/deliberation/polls/{poll_id}/publish",),
    "deliberation:poll_action close": ("POST /api/v1/deliberation/polls/{poll_id}/close",),
    "deliberation:poll_action correct":
        ("POST /api/v1/deliberation/poll-ballots/{ballot_id}/correct",),
    "deliberation:poll_action objection":
        ("POST /api/v1/deliberation/polls/{poll_id}/objections",),
    "deliberation:poll_action answer":
        ("POST /api/v1/deliberation/poll-objections/{objection_id}/answer",),
    "deliberation:my_poll_ballot ballot":
        ("POST /api/v1/deliberation/my-polls/{poll_id}/ballots",),
    "deliberation:my_poll_ballot objection":
        ("POST /api/v1/deliberation/my-polls/{poll_id}/objections",),
    "deliberation:topic_create": ("POST /api/v1/deliberation/topics",),
    "deliberation:topic_from_case": ("POST /api/v1/deliberation/cases/{case_id}/topic",),
    **{f"deliberation:topic_action {action}": ("POST /api/v1/deliberation/topics/{topic_id}/steps",)
       for action in ("accept", "decline", "notify", "deliberate", "vote", "publish",
                      "carry_out", "progress", "feedback", "close", "escalate", "review")},
    "deliberation:topic_action outcome": ("POST /api/v1/deliberation/topics/{topic_id}/outcome",),
    "deliberation:topic_action task": ("POST /api/v1/deliberation/topics/{topic_id}/tasks",),
    "deliberation:topic_action project":
        ("POST /api/v1/deliberation/topics/{topic_id}/project",),
    "deliberation:topic_action rate": ("POST /api/v1/deliberation/topics/{topic_id}/ratings",),
    "deliberation:meeting_create": ("POST /api/v1/deliberation/topics/{topic_id}/meetings",),
    "deliberation:meeting_action invite":
        ("POST /api/v1/deliberation/meetings/{meeting_id}/invitees",),
    "deliberation:meeting_action notify":
        ("POST /api/v1/deliberation/meetings/{meeting_id}/notice",),
    "deliberation:meeting_action sign-in":
        ("POST /api/v1/deliberation/meetings/{meeting_id}/sign-in",),
    "deliberation:meeting_action record-sign-in":
        ("POST /api/v1/deliberation/meetings/{meeting_id}/sign-ins",),
    "deliberation:meeting_action minutes":
        ("POST /api/v1/deliberation/meetings/{meeting_id}/minutes",),
    "deliberation:task_complete": ("POST /api/v1/deliberation/topic-tasks/{task_id}/complete",),
    "party:my_registration": ("PATCH /api/v1/party/me",),
    "party:my_resource_create": ("POST /api/v1/cobuilding/my-resources",),
    "places:building_create": ("POST /api/v1/places/communities/{community_id}/buildings",),
    "people:flat_households": ("POST /api/v1/people/flats/{flat_id}/ownerships",),
    "people:person_move_out": ("POST /api/v1/people/persons/{person_id}/move-out",),
    "people:correction_resolve": ("POST /api/v1/people/corrections/{correction_id}/resolve",),
    "people:import_list": ("POST /api/v1/people/communities/{community_id}/imports",),
    "people:import_confirm": ("POST /api/v1/people/imports/{import_run_id}/confirm",),
    "people:people_export": ("POST /api/v1/people/communities/{community_id}/export",),
    "party:organisation_create":
        ("POST /api/v1/party/organisations/{organisation_id}/children",),
    "party:officer_appoint": ("POST /api/v1/party/organisations/{organisation_id}/officers",),
    "party:officer_end": ("POST /api/v1/party/officers/{officer_id}/end",),
    "party:member_reveal": ("POST /api/v1/party/members/{member_id}/reveal",),
    "party:member_edit": ("PATCH /api/v1/party/members/{member_id}",),
    "party:member_create": ("POST /api/v1/party/members",),
    "party:member_register": ("POST /api/v1/party/members",),
    "party:street_committee_create": ("POST /api/v1/party/organisations",),
    "party:summary_export": ("POST /api/v1/party/summary/export",),
    "activities:post_create": ("POST /api/v1/activities/posts",),
    "activities:post_action status": ("POST /api/v1/activities/posts/{post_id}/status",),
    "activities:post_action shift": ("POST /api/v1/activities/posts/{post_id}/shifts",),
    "activities:post_action extend": ("POST /api/v1/activities/posts/{post_id}/extend",),
    "activities:shift_action take": ("POST /api/v1/activities/shifts/{shift_id}/signups",),
    "activities:shift_action assign": ("POST /api/v1/activities/shifts/{shift_id}/assign",),
    "activities:shift_action slots": ("POST /api/v1/activities/shifts/{shift_id}/slots",),
    "activities:shift_signup_action withdraw":
        ("POST /api/v1/activities/shift-signups/{signup_id}/withdraw",),
    "activities:shift_signup_action check_in":
        ("POST /api/v1/activities/shift-signups/{signup_id}/check-in",),
    "activities:shift_signup_action check_out":
        ("POST /api/v1/activities/shift-signups/{signup_id}/check-out",),
    "activities:shift_signup_action confirm":
        ("POST /api/v1/activities/shift-signups/{signup_id}/confirm",),
    "activities:volunteer_join": ("POST /api/v1/activities/volunteers/join",),
    "activities:volunteer_register": ("POST /api/v1/activities/volunteers",),
    "activities:unit_staff_register": ("POST /api/v1/activities/volunteers/unit-staff",),
    "activities:volunteer_edit": ("PATCH /api/v1/activities/volunteers/{volunteer_id}",),
    "activities:volunteer_action confirm":
        ("POST /api/v1/activities/volunteers/{volunteer_id}/confirm",),
    "activities:volunteer_action suspend":
        ("POST /api/v1/activities/volunteers/{volunteer_id}/suspend",),
    "activities:volunteer_action reinstate":
        ("POST /api/v1/activities/volunteers/{volunteer_id}/reinstate",),
    "activities:certificate_issue":
        ("POST /api/v1/activities/volunteers/{volunteer_id}/certificates",),
    "activities:correction_request":
        ("POST /api/v1/activities/hours/entries/{entry_id}/corrections",),
    "activities:correction_action approve":
        ("POST /api/v1/activities/hours/corrections/{correction_id}/approve",),
    "activities:correction_action reject":
        ("POST /api/v1/activities/hours/corrections/{correction_id}/reject",),
    "activities:duty_signup_action cover":
        ("POST /api/v1/activities/duty/signups/{signup_id}/cover",),
    "activities:duty_signup_action swap":
        ("POST /api/v1/activities/duty/signups/{signup_id}/swap",),
    "activities:duty_signup_action finding":
        ("POST /api/v1/activities/duty/signups/{signup_id}/findings",),
    "activities:duty_request_action take":
        ("POST /api/v1/activities/duty/requests/{request_id}/take",),
    "activities:duty_request_action accept":
        ("POST /api/v1/activities/duty/requests/{request_id}/accept",),
    "activities:duty_request_action decline":
        ("POST /api/v1/activities/duty/requests/{request_id}/decline",),
    "activities:duty_request_action withdraw":
        ("POST /api/v1/activities/duty/requests/{request_id}/withdraw",),
    "activities:duty_request_action assign":
        ("POST /api/v1/activities/duty/requests/{request_id}/assign",),
    "activities:finding_convert": ("POST /api/v1/activities/duty/findings/{finding_id}/convert",),
    "care:household_register": ("POST /api/v1/care/households",),
    "care:household_edit": ("PATCH /api/v1/care/households/{household_id}",),
    "care:household_action close": ("POST /api/v1/care/households/{household_id}/close",),
    "care:household_action reopen": ("POST /api/v1/care/households/{household_id}/reopen",),
    "care:pairing_create": ("POST /api/v1/care/households/{household_id}/pairings",),
    "care:pairing_end": ("POST /api/v1/care/pairings/{pairing_id}/end",),
    "care:campaign_create": ("POST /api/v1/care/campaigns",),
    "care:campaign_action open": ("POST /api/v1/care/campaigns/{campaign_id}/open",),
    "care:campaign_action close": ("POST /api/v1/care/campaigns/{campaign_id}/close",),
    "care:campaign_visit": ("POST /api/v1/care/campaign-targets/{target_id}/visit",),
    "care:campaign_target_pairing":
        ("POST /api/v1/care/campaign-targets/{target_id}/pairing",),
    "care:store_create": ("POST /api/v1/care/supplies/stores",),
    "reports:ledger_list": ("POST /api/v1/reports/ledgers",),
    "care:store_edit": ("PATCH /api/v1/care/supplies/stores/{store_id}",),
    "care:store_action deactivate":
        ("POST /api/v1/care/supplies/stores/{store_id}/deactivate",),
    "care:store_action activate": ("POST /api/v1/care/supplies/stores/{store_id}/activate",),
    "care:item_create": ("POST /api/v1/care/supplies/items",),
    "care:item_edit": ("PATCH /api/v1/care/supplies/items/{item_id}",),
    "care:donation_create": ("POST /api/v1/care/supplies/donations",),
    "care:issue_create": ("POST /api/v1/care/supplies/issues",),
    "care:write_off_create": ("POST /api/v1/care/supplies/write-offs",),
    "care:movement_action return":
        ("POST /api/v1/care/supplies/movements/{movement_id}/return",),
    "care:movement_action correct":
        ("POST /api/v1/care/supplies/movements/{movement_id}/correct",),
    "care:visit_create": ("POST /api/v1/care/households/{household_id}/visits",
                          "POST /api/v1/care/households/{household_id}/visits/multipart"),
    "care:visit_action case": ("POST /api/v1/care/visits/{visit_id}/follow-up/case",),
    "care:visit_action need": ("POST /api/v1/care/visits/{visit_id}/follow-up/need",),
    "care:visit_action done": ("POST /api/v1/care/visits/{visit_id}/follow-up/done",),
    "care:visit_action hours": ("POST /api/v1/care/visits/{visit_id}/hours",),
    "portal:article_create": ("POST /api/v1/portal/articles",),
    "portal:article_edit": ("PATCH /api/v1/portal/articles/{article_id}",),
    "portal:article_image_add": ("POST /api/v1/portal/articles/{article_id}/images",),
    "portal:article_action submit": ("POST /api/v1/portal/articles/{article_id}/submit",),
    "portal:article_action publish": ("POST /api/v1/portal/articles/{article_id}/publish",),
    "portal:article_action return": ("POST /api/v1/portal/articles/{article_id}/return",),
    "portal:article_action withdraw": ("POST /api/v1/portal/articles/{article_id}/withdraw",),
    "portal:article_action redraft": ("POST /api/v1/portal/articles/{article_id}/redraft",),
    "portal:series_create": ("POST /api/v1/portal/series",),
    "portal:series_edit": ("PATCH /api/v1/portal/series/{series_id}",),
}

# Page actions with no API operation today: none since issue 13. A new page action needs its
# twin in TWINS; listing it here is a debt the reviewer will ask about.
MISSING_TWINS: set[str] = set()

# Actions that change only this browser's session or display, with the reason.
UI_ONLY = {
    "accounts:logout": "ends the browser session (API clients revoke their token instead)",
    "accounts:preferences": "language and large text of this browser",
}

# The actions of each dispatcher (one route, one action per button): the route's view reads
# the action from the URL or the form, so the list is kept here beside the view's own.
DISPATCHERS = {
    "portal:account_action": ("confirm", "reject"),
    "care:campaign_action": ("open", "close"),
    "activities:activity_action": ("edit", "publish", "close", "done", "report", "photo",
                                   "rotate_code", "signup_for", "cancel"),
    "activities:signup_action": ("cancel_signup", "accept_offer", "decline_offer",
                                 "staff_checkin", "staff_checkout", "confirm_hours"),
    "casework:case_action": ("dispatch", "accept", "return", "escalate", "extend", "answer",
                             "follow_up", "mark_unreasonable", "review", "merge"),
    "casework:partner_case_action": ("accept", "return", "answer", "extend"),
    "deliberation:vote_action": ("edit", "open", "paper", "check", "proxy",
                                 "proxy_ballot", "proxy_revoke", "correct", "elector_correct",
                                 "close",
                                 "document", "publish", "objection", "answer"),
    "deliberation:poll_action": ("open", "paper", "check", "correct", "objection", "answer",
                                 "close", "publish"),
    "deliberation:topic_action": ("accept", "decline", "notify", "deliberate", "vote",
                                  "outcome", "publish", "carry_out", "progress", "feedback",
                                  "close", "escalate", "review", "task", "project", "rate"),
    "deliberation:meeting_action": ("invite", "notify", "sign-in", "record-sign-in", "minutes"),
    # an elector's own page: their ballot, or their objection (the URL says which)
    "deliberation:my_ballot": ("ballot", "objection"),
    "deliberation:my_poll_ballot": ("ballot", "objection"),
    "activities:post_action": ("status", "shift", "extend"),
    "activities:shift_action": ("take", "assign", "slots"),
    "activities:shift_signup_action": ("withdraw", "check_in", "check_out", "confirm"),
    "activities:volunteer_action": ("confirm", "suspend", "reinstate"),
    "activities:correction_action": ("approve", "reject"),
    "care:household_action": ("close", "reopen"),
    # a shift sign-up's duty: ask for cover, propose a swap, record a patrol's finding
    "activities:duty_signup_action": ("cover", "swap", "finding"),
    "activities:duty_request_action": ("take", "accept", "decline", "withdraw", "assign"),
    "care:store_action": ("deactivate", "activate"),
    "care:movement_action": ("return", "correct"),
    "care:visit_action": ("case", "need", "done", "hours"),
    "portal:article_action": ("submit", "publish", "return", "withdraw", "redraft"),
}

# API writes that no page offers as an action, with the reason. A new API write must be either
# a twin (TWINS) or listed here.
API_ONLY = {
    "POST /api/v1/auth/token/refresh": "API clients renew their token; pages use the session",
    "POST /api/v1/auth/logout": "revokes the calling token; pages end the session (UI_ONLY)",
    "DELETE /api/v1/auth/tokens/{token_id}": "a client's own tokens; pages hold none",
    "POST /api/v1/casework/cases/{case_id}/photos":
        "apps upload photos one by one; the page sends them with the report or the answer",
    "POST /api/v1/notifications/{notification_id}/read":
        "the page marks a notification read when it is opened",
    "POST /api/v1/activities/posts/preview":
        "changes nothing: the page previews a rota with the same form's 预览 button (the POST "
        "of activities:post_create with `preview`)",
    "POST /api/v1/places/units/{unit_id}/flats":
        "an import or an app adds one flat; the page makes a building's flats from the roll",
}
