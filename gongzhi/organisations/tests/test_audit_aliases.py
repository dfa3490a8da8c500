"""Audit entries written before partner units and the party roll moved to `organisations`
keep their old labels ("party.member"); the audit page and search read them as the model."""

import types

from gongzhi.audit import display
from gongzhi.audit.choices import Action
from gongzhi.audit.selectors import audit_entries_for, audit_target_types
from gongzhi.audit.services import audit_change
from gongzhi.party.tests.factories import party_of_a


class _OldMember:
    """A member as audit_change saw it when it was party.Member: the same row, the old label."""

    _meta = types.SimpleNamespace(app_label="party", model_name="member")

    def __init__(self, member):
        self.pk, self._member = member.pk, member

    def scope_ids(self) -> dict:
        return self._member.scope_ids()

    def __str__(self):
        return str(self._member)


def test_old_and_new_labels_of_a_moved_model_read_and_search_as_one(world):
    # given an entry about a member written before the move and one written after it
    party_of_a(world)
    staff = world.users["staff_a"]
    old = audit_change(actor=staff, instance=_OldMember(world.member_a), action=Action.UPDATE,
                       before={"organisation": None}, after={"organisation": world.branch_a.pk})
    new = audit_change(actor=staff, instance=world.member_a, action=Action.UPDATE,
                       before={"work_unit_name": ""}, after={"work_unit_name": "甲单位"})
    assert (old.target_type, new.target_type) == ("party.member", "organisations.member")
    admin = world.users["street_admin"]

    # when the audit page shows the old entry
    view = display.entry_views([old])[0]
    # then it names the model and its fields as the new one does, related rows by name
    assert view.target == f"党员 甲居民（#{world.member_a.pk}）"
    assert [(r.label, r.before, r.after) for r in view.changes] == [
        ("所在党组织", "—", "甲党支部")]

    # when an admin searches by the model (either label)
    by_new = audit_entries_for(admin, target_type="organisations.member",
                               target_id=str(world.member_a.pk))
    by_old = audit_entries_for(admin, target_type="party.member",
                               target_id=str(world.member_a.pk))
    # then both find both entries
    assert {e.pk for e in by_new} >= {old.pk, new.pk}
    assert {e.pk for e in by_new} == {e.pk for e in by_old}

    # when the search form lists the kinds of object
    choices = display.target_type_choices(audit_target_types(admin))
    # then the member is one option, under its current label
    assert [choice for choice in choices if choice[1] == "党员"] == [
        ("organisations.member", "党员")]
