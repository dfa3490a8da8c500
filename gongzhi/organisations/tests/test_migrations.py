"""Partner units and the party roll move to `organisations` without losing a row (issue 13).

Rows are written through the historical models of the apps they lived in, then the database
is migrated forward and every row is read back through the current models.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import dispute_of_a
from gongzhi.cobuilding.models import Resource
from gongzhi.organisations.models import Agreement, Member, Officer, Organisation, PartnerUnit

# The last migration of each app before the move.
BEFORE_THE_MOVE = [
    ("cobuilding", "0004_resource_member"),
    ("party", "0002_verbose_names"),
    ("casework", "0005_verbose_names"),
    ("deliberation", "0007_verbose_names"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # the next step reads what is applied now
    return executor


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_keeps_every_row_its_id_and_its_foreign_keys(world):
    # given the database as it was before the move, with a case to hand to a unit
    case = dispute_of_a(world)
    old = _migrate(BEFORE_THE_MOVE).loader.project_state(BEFORE_THE_MOVE).apps
    assert "organisations" not in {model._meta.app_label for model in old.get_models()}
    # ... rows written through the models of cobuilding and party as they were then
    OldUnit, OldAgreement = old.get_model("cobuilding", "PartnerUnit"), old.get_model(
        "cobuilding", "Agreement")
    OldOrganisation, OldMember, OldOfficer = (old.get_model("party", name) for name in
                                              ("Organisation", "Member", "Officer"))
    unit = OldUnit.objects.create(community_id=world.community_a.pk, name="甲银行", kind="bank")
    agreement = OldAgreement.objects.create(
        community_id=world.community_a.pk, unit=unit, title="甲共建协议",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31))
    committee = OldOrganisation.objects.create(kind="community_committee", name="甲社区党委",
                                               street_id=world.street.pk,
                                               community_id=world.community_a.pk)
    branch = OldOrganisation.objects.create(kind="branch", name="甲党支部", parent=committee,
                                            street_id=world.street.pk,
                                            community_id=world.community_a.pk)
    member = OldMember.objects.create(person_id=world.person_a.pk,
                                      community_id=world.community_a.pk, organisation=branch,
                                      partner_unit=unit, kind="in_service")
    officer = OldOfficer.objects.create(organisation=branch, member=member, title="secretary",
                                        term_start=datetime.date(2025, 1, 1))
    resource = old.get_model("cobuilding", "Resource").objects.create(
        community_id=world.community_a.pk, member=member, title="法律咨询", kind="skills",
        category="legal")
    old.get_model("casework", "Case").objects.filter(pk=case.pk).update(partner_unit=unit)
    post = old.get_model("party", "Post").objects.create(
        community_id=world.community_a.pk, title="巡逻", category="safety",
        date=datetime.date(2026, 3, 1), slots=2, created_by_id=world.users["staff_a"].pk)
    claim = old.get_model("party", "Claim").objects.create(
        community_id=world.community_a.pk, post=post, member=member)
    # ... and the content types under the old apps' labels (migrating back put them there),
    # with a permission keyed on one of them
    ContentType.objects.clear_cache()
    member_type = ContentType.objects.get_or_create(app_label="party", model="member")[0]
    ContentType.objects.get_or_create(app_label="cobuilding", model="partnerunit")
    assert not ContentType.objects.filter(app_label="organisations").exists()
    Permission.objects.create(content_type=member_type, codename="roll_check", name="roll")

    # when the database is migrated forward
    _migrate(_leaf_nodes())
    ContentType.objects.clear_cache()

    # then every row is there with its id, and every foreign key still finds it
    assert PartnerUnit.objects.get(pk=unit.pk).name == "甲银行"
    assert Agreement.objects.get(pk=agreement.pk).unit_id == unit.pk
    assert Organisation.objects.get(pk=branch.pk).parent_id == committee.pk
    moved_member = Member.objects.get(pk=member.pk)
    assert (moved_member.organisation_id, moved_member.partner_unit_id,
            moved_member.person_id) == (branch.pk, unit.pk, world.person_a.pk)
    assert Officer.objects.get(pk=officer.pk).member_id == member.pk
    assert Resource.objects.get(pk=resource.pk).member_id == member.pk
    assert Case.objects.get(pk=case.pk).partner_unit_id == unit.pk
    # (party's claims are activities' sign-ups since issue 15, with their ids)
    assert ShiftSignUp.objects.get(pk=claim.pk).volunteer.person_id == world.person_a.pk
    # ... and the content types moved with their models, keeping their ids
    assert ContentType.objects.get_for_model(Member).pk == member_type.pk
    assert Permission.objects.get(codename="roll_check").content_type_id == member_type.pk
    assert not ContentType.objects.filter(app_label__in=["party", "cobuilding"],
                                          model__in=["member", "partnerunit"]).exists()
