"""Distributor accounts: application -> operator review -> active distributor with an admin
member (DST-SEC-01); profile (02), departments (03), sub-accounts (04), API keys."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.db.models import Count

from shared_apps.accounts import services as accounts
from shared_apps.accounts.models import ApiKey, Distributor, DistributorMember, User
from shared_apps.core import reviews
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.distribution import errors
from shared_apps.oplog.services import log_operation
from tenants.models import Merchant

from ..models import (
    AlertKind,
    ApplicationStatus,
    Department,
    DistributionEvent,
    DistributorApplication,
    DistributorProfile,
    MemberPlacement,
)
from .common import alert, new_referral_code, profile_of, setting
from .webhooks import check_url

A = ApplicationStatus
APPLICATION_TRANSITIONS = {A.SUBMITTED: {A.APPROVED, A.REJECTED}}
APPLICATION_MACHINE = Machine(APPLICATION_TRANSITIONS, DistributionEvent, subject="application",
                              what="application")
# An operator may (re)activate or suspend a distributor in any status.
DS = Distributor.Status
DISTRIBUTOR_MACHINE = Machine({s: {DS.ACTIVE, DS.SUSPENDED} for s in DS}, DistributionEvent, subject="distributor",
                              what="distributor")
Role = DistributorMember.Role


def _log(user, action: str, distributor_id: int, detail: dict | None = None) -> None:
    log_operation(user=user, action=action, target=f"distributor:{distributor_id}", detail=detail or {},
                  schema_name="public")


# ---- application and review ---------------------------------------------------------------------

def submit_application(*, applicant=None, owner_password: str = "", **fields) -> DistributorApplication:
    """Submit a distributor application (one open application per name)."""
    name = fields.get("name", "").strip()
    if Distributor.objects.filter(name=name).exists():
        raise DomainError(errors.NAME_TAKEN)
    if getattr(applicant, "api_key", None):
        applicant = None  # an API key is not a person: apply anonymously
    applicant, fields["owner_username"], password_hash = reviews.owner_credentials(
        applicant=applicant, owner_username=fields.get("owner_username", ""), owner_password=owner_password)
    try:
        with transaction.atomic():
            app = DistributorApplication.objects.create(applicant=applicant, owner_password_hash=password_hash,
                                                        **fields)
            APPLICATION_MACHINE.record(app, "", A.SUBMITTED, actor=fields["owner_username"], reason="提交申请")
    except IntegrityError as exc:
        raise DomainError(errors.APPLICATION_PENDING) from exc
    return app


def _unique_referral_code() -> str:
    code = new_referral_code()
    while DistributorProfile.objects.filter(referral_code=code).exists():
        code = new_referral_code()
    return code


def _create_distributor(app, *, reviewer, note):
    """The approval's side effect: the active distributor, its profile and its admin member."""
    if Distributor.objects.filter(name=app.name).exists():
        raise DomainError(errors.NAME_TAKEN)
    owner = reviews.owner_of(app, display_name=app.contact_name)
    dist = Distributor.objects.create(name=app.name, contact_name=app.contact_name,
                                      contact_phone=app.contact_phone, status=Distributor.Status.ACTIVE)
    DistributorProfile.objects.create(distributor=dist, kind=app.kind, license_no=app.license_no,
                                      address=app.address, description=app.description,
                                      referral_code=_unique_referral_code())
    member = DistributorMember.objects.create(user=owner, distributor=dist, role=Role.ADMIN)
    MemberPlacement.objects.create(member=member)
    app.distributor = dist
    app.save(update_fields=["distributor"])
    _log(reviewer, "approve_distributor_application", dist.pk, {"application": app.pk})


REVIEW = reviews.ReviewFlow(model=DistributorApplication, machine=APPLICATION_MACHINE, on_approve=_create_distributor,
                            actor=lambda user: user.username)


def approve_application(*, application_id: int, reviewer, note: str = "") -> DistributorApplication:
    """Approve a distributor application: the distributor and its admin member are created."""
    return REVIEW.approve(pk=application_id, reviewer=reviewer, note=note)


def reject_application(*, application_id: int, reviewer, note: str) -> DistributorApplication:
    """Reject a distributor application with a reason."""
    return REVIEW.reject(pk=application_id, reviewer=reviewer, note=note)


@transaction.atomic
def set_status(*, distributor: Distributor, active: bool, operator, note: str = "") -> Distributor:
    """Operator suspends / re-activates a distributor: its keys stop working at once (ApiKey.allows)."""
    DISTRIBUTOR_MACHINE.move(distributor, DS.ACTIVE if active else DS.SUSPENDED,
                             actor=getattr(operator, "username", ""), reason=note)
    _log(operator, "activate_distributor" if active else "suspend_distributor", distributor.pk, {"note": note})
    return distributor


# ---- profile ------------------------------------------------------------------------------------

PROFILE_FIELDS = ("license_no", "address", "description", "low_balance_alert_fen")


@transaction.atomic
def update_profile(*, distributor: Distributor, user, contact_name=None, contact_phone=None, **fields):
    profile = profile_of(distributor)
    changed = {}
    for key, value in fields.items():
        if key in PROFILE_FIELDS and value is not None:
            setattr(profile, key, value)
            changed[key] = value
    profile.save()
    for key, value in (("contact_name", contact_name), ("contact_phone", contact_phone)):
        if value is not None:
            setattr(distributor, key, value)
            changed[key] = value
    distributor.save(update_fields=["contact_name", "contact_phone"])
    _log(user, "update_distributor_profile", distributor.pk, changed)
    return profile


@transaction.atomic
def set_webhook(*, distributor: Distributor, user, url: str) -> str:
    """Set the webhook URL and rotate its signing secret; returns the secret (shown once). The URL
    must pass the outbound guard (public address, https in production)."""
    if url:
        check_url(url)
    profile = profile_of(distributor)
    secret = "whsec_" + secrets.token_hex(24)
    profile.webhook_url, profile.webhook_secret = url, secret if url else ""
    profile.save(update_fields=["webhook_url", "webhook_secret", "updated_at"])
    _log(user, "set_webhook", distributor.pk, {"url": url})
    return secret if url else ""


# ---- departments --------------------------------------------------------------------------------

def _department(distributor, department_id) -> Department | None:
    if department_id in (None, ""):
        return None
    dept = Department.objects.filter(distributor=distributor, pk=department_id).first()
    if dept is None:
        raise DomainError(errors.DEPARTMENT_NOT_FOUND)
    return dept


def create_department(*, distributor, user, name: str, parent_id=None) -> Department:
    parent = _department(distributor, parent_id)
    try:
        with transaction.atomic():
            dept = Department.objects.create(distributor=distributor, parent=parent, name=name.strip())
    except IntegrityError as exc:
        raise DomainError(errors.DEPARTMENT_EXISTS) from exc
    _log(user, "create_department", distributor.pk, {"name": name})
    return dept


def update_department(*, distributor, user, department_id: int, name=None, parent_id="__keep__") -> Department:
    dept = _department(distributor, department_id)
    if name is not None:
        dept.name = name.strip()
    if parent_id != "__keep__":
        parent = _department(distributor, parent_id)
        node = parent
        while node is not None:  # no cycles: the new parent may not sit under this department
            if node.pk == dept.pk:
                raise DomainError(errors.DEPARTMENT_CYCLE)
            node = node.parent
        dept.parent = parent
    try:
        with transaction.atomic():
            dept.save()
    except IntegrityError as exc:
        raise DomainError(errors.DEPARTMENT_EXISTS) from exc
    return dept


def delete_department(*, distributor, user, department_id: int) -> None:
    dept = _department(distributor, department_id)
    if dept.children.exists() or dept.members.exists():
        raise DomainError(errors.DEPARTMENT_NOT_EMPTY)
    dept.delete()
    _log(user, "delete_department", distributor.pk, {"name": dept.name})


def department_tree(distributor) -> list[dict]:
    rows = list(Department.objects.filter(distributor=distributor).order_by("id"))
    counts = dict(MemberPlacement.objects.filter(department__distributor=distributor, is_active=True)
                  .values_list("department_id").annotate(n=Count("id")))
    nodes = {d.pk: {"id": d.pk, "name": d.name, "parent_id": d.parent_id, "members": counts.get(d.pk, 0),
                    "children": []} for d in rows}
    roots = []
    for node in nodes.values():
        (nodes[node["parent_id"]]["children"] if node["parent_id"] else roots).append(node)
    return roots


# ---- members (sub-accounts) ---------------------------------------------------------------------

def placement_of(member: DistributorMember) -> MemberPlacement:
    placement, _ = MemberPlacement.objects.get_or_create(member=member)
    return placement


@transaction.atomic
def add_member(*, distributor, user, username: str, role: str, password: str = "", display_name: str = "",
               department_id=None) -> DistributorMember:
    dept = _department(distributor, department_id)
    account = User.objects.filter(username=username).first()
    if account is None:
        if not password:
            raise DomainError(errors.PASSWORD_REQUIRED)
        validate_password(password)
        account = User.objects.create_user(username=username, password=password,
                                           display_name=display_name or username)
    member, created = DistributorMember.objects.get_or_create(user=account, distributor=distributor,
                                                              defaults={"role": role})
    placement = placement_of(member)
    if not created and placement.is_active:
        raise DomainError(errors.ALREADY_MEMBER)
    member.role = role
    member.save(update_fields=["role"])
    placement.department, placement.is_active = dept, True
    placement.save(update_fields=["department", "is_active"])
    _log(user, "add_distributor_member", distributor.pk, {"username": username, "role": role})
    return member


@transaction.atomic
def update_member(*, distributor, user, member_id: int, role=None, department_id="__keep__",
                  is_active=None) -> DistributorMember:
    member = DistributorMember.objects.select_for_update().filter(distributor=distributor, pk=member_id).first()
    if member is None:
        raise DomainError(errors.MEMBER_NOT_FOUND_ORG)
    placement = placement_of(member)
    losing_admin = member.role == Role.ADMIN and placement.is_active and (
        (role is not None and role != Role.ADMIN) or is_active is False)
    if losing_admin:
        admins = DistributorMember.objects.filter(distributor=distributor, role=Role.ADMIN).exclude(
            placement__is_active=False).count()
        if admins <= 1:
            raise DomainError(errors.LAST_ADMIN)
    if role is not None:
        member.role = role
        member.save(update_fields=["role"])
    if department_id != "__keep__":
        placement.department = _department(distributor, department_id)
    if is_active is not None:
        placement.is_active = is_active
    placement.save(update_fields=["department", "is_active"])
    _log(user, "update_distributor_member", distributor.pk,
         {"member": member.pk, "role": role, "is_active": is_active})
    return member


# ---- API keys -----------------------------------------------------------------------------------

def _scope(distributor, schemas) -> list[Merchant]:
    """The merchants a key may list: only those that authorised the distributor."""
    schemas = list(dict.fromkeys(schemas or []))
    allowed = {m.schema_name: m for m in distributor.merchants.filter(schema_name__in=schemas)}
    missing = [s for s in schemas if s not in allowed]
    if missing:
        raise DomainError(errors.MERCHANT_NOT_AUTHORISED, details={"merchants": missing}, merchants="、".join(missing))
    return [allowed[s] for s in schemas]


def _rate(value: int) -> int:
    cap = setting("MAX_KEY_RATE_PER_MINUTE")
    if not 1 <= int(value) <= cap:
        raise DomainError(errors.RATE_LIMIT_INVALID, cap=cap)
    return int(value)


def issue_key(*, distributor, user, name: str, merchants=(), rate_limit_per_minute: int = 600):
    scope = _scope(distributor, merchants)
    key, raw = accounts.issue_api_key(distributor=distributor, name=name, merchants=scope,
                                      rate_limit_per_minute=_rate(rate_limit_per_minute))
    _log(user, "issue_api_key", distributor.pk, {"prefix": key.prefix, "merchants": list(merchants)})
    alert(distributor.pk, AlertKind.API_KEY, f"已创建 API 密钥「{name}」（{key.prefix}）", level="info",
          detail={"prefix": key.prefix}, dedupe_minutes=0)
    return key, raw


def _key(distributor, prefix: str) -> ApiKey:
    key = ApiKey.objects.filter(distributor=distributor, prefix=prefix).first()
    if key is None:
        raise DomainError(errors.API_KEY_NOT_FOUND)
    return key


@transaction.atomic
def update_key(*, distributor, user, prefix: str, merchants=None, rate_limit_per_minute=None, name=None) -> ApiKey:
    key = _key(distributor, prefix)
    if merchants is not None:
        key.merchants.set(_scope(distributor, merchants))
    if rate_limit_per_minute is not None:
        key.rate_limit_per_minute = _rate(rate_limit_per_minute)
    if name:
        key.name = name
    key.save(update_fields=["rate_limit_per_minute", "name"])
    _log(user, "update_api_key", distributor.pk,
         {"prefix": prefix, "merchants": merchants, "rate": rate_limit_per_minute})
    return key


def revoke_key(*, distributor, user, prefix: str) -> ApiKey:
    key = _key(distributor, prefix)
    accounts.revoke_api_key(api_key=key)
    _log(user, "revoke_api_key", distributor.pk, {"prefix": prefix})
    alert(distributor.pk, AlertKind.API_KEY, f"API 密钥「{key.name}」（{prefix}）已吊销", level="info",
          detail={"prefix": prefix}, dedupe_minutes=0)
    return key
