"""Writes of partner units, their contacts and agreements (the rows organisations keeps for
co-building, whose pages and API offer them). Each checks its named rule
(organisations/rules.py), validates, saves and audits."""

from datetime import date

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.accounts.roles import STAFF_ROLES
from gongzhi.audit.services import audit_change
from gongzhi.audit.writes import model_create, model_delete, model_update
from gongzhi.core.actions import require
from gongzhi.core.errors import ValidationFailed
from gongzhi.organisations import rules, selectors
from gongzhi.organisations.models import Agreement, PartnerContact, PartnerUnit

AGREEMENT_FIELDS = ["title", "community_liaison", "unit_liaison", "starts_on", "ends_on",
                    "commitments", "venue", "staff_days", "money", "expertise", "supplies",
                    "cadence"]
UNIT_FIELDS = ["name", "kind", "party_organisation", "liaison_name", "liaison_phone", "offers"]


@transaction.atomic
def unit_create(*, actor, community, name: str, kind: str, **fields) -> PartnerUnit:
    require(actor, rules.CREATE_UNIT, community)
    if PartnerUnit.objects.filter(community=community, name=name.strip()).exists():
        raise ValidationFailed(detail={"name": [str(_("本社区已有同名共建单位。"))]})
    return model_create(actor=actor, instance=PartnerUnit(
        community=community, name=name.strip(), kind=kind,
        **{k: v for k, v in fields.items() if k in UNIT_FIELDS}))


@transaction.atomic
def unit_update(*, actor, unit: PartnerUnit, data: dict) -> list[str]:
    unit = PartnerUnit.objects.select_for_update().get(pk=unit.pk)
    require(actor, "cobuilding.change_unit", unit)
    if "name" in data:
        data = {**data, "name": data["name"].strip()}
        if PartnerUnit.objects.filter(community_id=unit.community_id, name=data["name"]).exclude(
                pk=unit.pk).exists():
            raise ValidationFailed(detail={"name": [str(_("本社区已有同名共建单位。"))]})
    return model_update(actor=actor, instance=unit, data=data, fields=UNIT_FIELDS)


def _grant_partner_role(*, actor, user, community) -> None:
    """The partner_contact role in the unit's community, audited with the staff member who
    gave it (accounts.role_assign is for system administrators only)."""
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=Role.PARTNER_CONTACT, level="community", community=community)
    if created:
        audit_change(actor=actor, instance=assignment, action="create", before={},
                     after={"user": user.username, "role": Role.PARTNER_CONTACT,
                            "community": community.pk})
    user.__dict__.pop("_scope_grants", None)
    user.__dict__.pop("_roles", None)


@transaction.atomic
def contact_bind(*, actor, user, unit: PartnerUnit) -> PartnerContact:
    """Bind an existing login to the unit as its contact (one unit per login).

    The login gets the partner_contact role in the unit's community if it lacks it; a login
    of staff or an administrator is refused, so that nobody mixes a staff view with a unit's.
    """
    require(actor, "cobuilding.add_contact", unit)
    if user.is_superuser or user.role_assignments.filter(role__in=STAFF_ROLES).exists():
        raise ValidationFailed(detail={"username": [
            str(_("工作人员账号不能绑定为共建单位联络人。"))]})
    existing = PartnerContact.objects.filter(user=user).first()
    if existing is not None:
        if existing.unit_id == unit.pk:
            return existing
        raise ValidationFailed(detail={"username": [str(_("该账号已绑定其他共建单位。"))]})
    _grant_partner_role(actor=actor, user=user, community=unit.community)
    user._partner_unit_id = False
    return model_create(actor=actor, instance=PartnerContact(user=user, unit=unit))


@transaction.atomic
def contact_link(*, actor, unit: PartnerUnit, username: str) -> PartnerContact:
    """Bind the login `username` of the unit's community (selectors.linkable_contact_login)
    to the unit as its contact: the unit page's form and the API alike."""
    require(actor, "cobuilding.add_contact", unit)
    user = selectors.linkable_contact_login(unit, username)
    if user is None:
        raise ValidationFailed(detail={"username": [
            str(_("本社区没有这个账号；可以为联络人开设新账号。"))]})
    return contact_bind(actor=actor, user=user, unit=unit)


@transaction.atomic
def contact_create(*, actor, unit: PartnerUnit, username: str, display_name: str,
                   password: str) -> PartnerContact:
    """Open a login for the unit's contact; they must change the password at first log-in."""
    require(actor, "cobuilding.add_contact", unit)
    username = username.strip()
    if not username:
        raise ValidationFailed(detail={"username": [str(_("此项为必填。"))]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(detail={"username": [str(_("该用户名已被使用。"))]})
    user = User(username=username, display_name=display_name.strip(),
                must_change_password=True)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(detail={"password": [str(m) for m in error.messages]}) from None
    user.set_password(password)
    model_create(actor=actor, instance=user)
    _grant_partner_role(actor=actor, user=user, community=unit.community)
    return model_create(actor=actor, instance=PartnerContact(user=user, unit=unit))


@transaction.atomic
def contact_remove(*, actor, contact: PartnerContact) -> None:
    """Unbind a contact's login from the unit and take back the role in that community."""
    require(actor, rules.REMOVE_CONTACT, contact)
    for assignment in RoleAssignment.objects.filter(
            user_id=contact.user_id, role="partner_contact",
            community_id=contact.unit.community_id):
        model_delete(actor=actor, instance=assignment)
    model_delete(actor=actor, instance=contact)


def _check_term(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on <= starts_on:
        raise ValidationFailed(detail={"ends_on": [str(_("到期日期须晚于开始日期。"))]})


@transaction.atomic
def agreement_create(*, actor, unit: PartnerUnit, title: str, starts_on: date, ends_on: date,
                     cadence: str = "quarterly", commitments: str = "",
                     **fields) -> Agreement:
    require(actor, "cobuilding.create_agreement", unit)
    _check_term(starts_on, ends_on)
    return model_create(actor=actor, instance=Agreement(
        community_id=unit.community_id, unit=unit, title=title.strip(), starts_on=starts_on,
        ends_on=ends_on, commitments=commitments, cadence=cadence,
        **{k: v for k, v in fields.items() if k in AGREEMENT_FIELDS}))


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, data: dict) -> list[str]:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require(actor, "cobuilding.change_agreement", agreement)
    _check_term(data.get("starts_on", agreement.starts_on), data.get("ends_on", agreement.ends_on))
    changed = model_update(actor=actor, instance=agreement, data=data, fields=AGREEMENT_FIELDS)
    if "ends_on" in changed and agreement.expiry_reminded_on is not None:
        # a new end date deserves its own reminder
        model_update(actor=actor, instance=agreement, data={"expiry_reminded_on": None},
                     fields=["expiry_reminded_on"])
    return changed


@transaction.atomic
def agreement_review(*, actor, agreement: Agreement, note: str, reviewed_on: date) -> Agreement:
    """Record the yearly (or end-of-term) review of what each party delivered."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require(actor, "cobuilding.review_agreement", agreement)
    if not note.strip():
        raise ValidationFailed(detail={"note": [str(_("请填写评估意见。"))]})
    model_update(actor=actor, instance=agreement,
                 data={"review_note": note.strip(), "reviewed_on": reviewed_on},
                 fields=["review_note", "reviewed_on"])
    return agreement


@transaction.atomic
def agreement_renew(*, actor, agreement: Agreement, starts_on: date, ends_on: date,
                    **fields) -> Agreement:
    """The next agreement with the same unit, linked to the one it renews (once only)."""
    agreement = Agreement.objects.select_for_update().select_related("unit").get(
        pk=agreement.pk)
    require(actor, "cobuilding.renew_agreement", agreement)
    if starts_on < agreement.starts_on:
        raise ValidationFailed(detail={"starts_on": [str(_("续签协议不能早于原协议开始。"))]})
    _check_term(starts_on, ends_on)
    values = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    values.update({k: v for k, v in fields.items() if k in AGREEMENT_FIELDS})
    values.update(starts_on=starts_on, ends_on=ends_on)
    return model_create(actor=actor, instance=Agreement(
        community_id=agreement.community_id, unit=agreement.unit, previous=agreement,
        **values))
