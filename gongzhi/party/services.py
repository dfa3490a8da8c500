"""Party building's writes are the roll's (organisations.roll), named here for party's pages, API
and tests; in-service members' posts and shifts are written by activities.rota.services."""

from gongzhi.organisations.roll import MASKED_STATUS as MASKED_STATUS
from gongzhi.organisations.roll import MEMBER_FIELDS as MEMBER_FIELDS
from gongzhi.organisations.roll import OWN_FIELDS as OWN_FIELDS
from gongzhi.organisations.roll import clean_status as clean_status
from gongzhi.organisations.roll import member_create as member_create
from gongzhi.organisations.roll import member_status as member_status
from gongzhi.organisations.roll import member_status_reveal as member_status_reveal
from gongzhi.organisations.roll import member_update as member_update
from gongzhi.organisations.roll import member_update_own as member_update_own
from gongzhi.organisations.roll import officer_appoint as officer_appoint
from gongzhi.organisations.roll import officer_end_term as officer_end_term

# The roll's writes live with the roll (organisations.roll); party's posts, pages, API and
# tests name them here too.
from gongzhi.organisations.roll import organisation_create as organisation_create
from gongzhi.organisations.roll import own_member_read as own_member_read
from gongzhi.organisations.roll import party_age as party_age

# The actor's own roll entry is read by organisations; party's pages and API name it here too.
from gongzhi.organisations.selectors import own_member as own_member
