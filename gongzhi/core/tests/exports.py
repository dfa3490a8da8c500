"""The list pages that export what they show as .xlsx (`?export=xlsx`, gongzhi/audit/exporting.py).

Each entry names the page's URL and the template-context key holding the rows it lists (a
Page, whose paginator counts every row, or the list itself). The page's insider, kwargs and
query come from scope_routes.HTML_ROUTES. `PERSONAL` are those whose export is audited."""

EXPORTABLE = {
    "places:community_list": "page",
    "people:person_list": "page",
    "audit:entry_list": "page",
    "casework:case_list": "page",
    "notifications:notice_list": "page",
    "jobs:operations": "jobs",
    "deliberation:vote_list": "votes",
    "deliberation:poll_list": "polls",
    "deliberation:topic_list": "page",
    "cobuilding:unit_list": "units",
    "cobuilding:agreement_list": "agreements",
    "cobuilding:resource_list": "resources",
    "party:member_list": "page",
    "activities:volunteer_list": "page",
    "care:household_list": "page",
    "activities:post_list": "page",
    "care:campaign_list": "page",
    "care:donation_list": "page",
    "care:movement_list": "page",
    "activities:correction_list": "page",
    "activities:finding_list": "findings",
    "care:visit_queue": "page",
    "care:store_list": "stores",
    "care:item_list": "items",
    "care:stock": "rows",
}

# Lists holding personal data (residents, members, volunteers, helpers, liaisons, the audit
# trail): every export writes an audit entry.
PERSONAL = {
    "people:person_list",
    "audit:entry_list",
    "party:member_list",
    "activities:volunteer_list",
    "care:household_list",
    "cobuilding:unit_list",
    "cobuilding:resource_list",
    "care:donation_list",
    "care:movement_list",
    "activities:correction_list",
    "care:visit_queue",
    "care:store_list",
    "activities:finding_list",  # patrols' notes may name residents (phones, IDs masked)
}
