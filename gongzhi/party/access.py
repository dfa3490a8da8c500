"""Fetch one party row by id within the actor's scope; missing and forbidden alike."""

# The roll's rows are fetched by organisations; party's pages and API name them here too.
from gongzhi.organisations.access import access_member as access_member
from gongzhi.organisations.access import access_officer as access_officer
from gongzhi.organisations.access import access_organisation as access_organisation
