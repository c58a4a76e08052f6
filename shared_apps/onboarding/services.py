"""Onboarding use cases: apply -> review -> provision; core-info change -> review -> apply."""

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from shared_apps.accounts.models import MerchantMembership, StaffRole, User
from shared_apps.core import reviews
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.onboarding import errors
from shared_apps.oplog.services import log_operation
from tenant_apps.storefront.services import ensure_profile
from tenants.models import Domain, Merchant
from tenants.utils import in_tenant

from .models import (
    ApplicationStatus as S,
)
from .models import (
    ChangeStatus,
    CoreChangeCategory,
    CoreInfoChange,
    MerchantApplication,
    ReviewEvent,
)

SLUG_RE = re.compile(r"^[a-z][a-z0-9]{2,29}$")
RESERVED_SLUGS = {"public", "www", "api", "admin", "ops", "static", "media", "mail", "console", "test", "platform"}

# The one transition table for applications: (from, to) pairs allowed.
APPLICATION_TRANSITIONS = {
    (S.SUBMITTED, S.APPROVED), (S.SUBMITTED, S.REJECTED),
    (S.APPROVED, S.ACTIVE), (S.APPROVED, S.FAILED), (S.FAILED, S.APPROVED),
}
CHANGE_TRANSITIONS = {
    (ChangeStatus.PENDING, ChangeStatus.APPROVED), (ChangeStatus.PENDING, ChangeStatus.REJECTED),
    (ChangeStatus.PENDING, ChangeStatus.WITHDRAWN),
}
# A move saves the whole row; the event's actor is the reviewing user (None: the system).
APPLICATION_MACHINE = Machine(APPLICATION_TRANSITIONS, ReviewEvent, subject_field="application", save_all=True)
CHANGE_MACHINE = Machine(CHANGE_TRANSITIONS, ReviewEvent, subject_field="change", save_all=True)
CORE_FIELDS = {
    CoreChangeCategory.BANK_ACCOUNT: ("bank_name", "bank_account_name", "bank_account_no"),
    CoreChangeCategory.FINANCE_INFO: ("legal_name", "tax_id", "invoice_title"),
    CoreChangeCategory.ADMIN_ACCOUNT: ("admin_username",),
}


def check_slug(slug: str) -> None:
    if not SLUG_RE.match(slug or "") or slug in RESERVED_SLUGS or slug.startswith("pg"):
        raise DomainError(errors.SLUG_INVALID)
    taken = Merchant.objects.filter(schema_name=slug).exists() or MerchantApplication.objects.filter(
        slug=slug).exclude(status=S.REJECTED).exists()
    if taken:
        raise DomainError(errors.SLUG_TAKEN)


def submit_application(*, applicant=None, owner_password: str = "", **fields) -> MerchantApplication:
    """Submit a merchant application (the slug is checked and held while it is live)."""
    check_slug(fields.get("slug", ""))
    applicant, fields["owner_username"], password_hash = reviews.owner_credentials(
        applicant=applicant, owner_username=fields.get("owner_username", ""), owner_password=owner_password)
    try:
        with transaction.atomic():
            app = MerchantApplication.objects.create(applicant=applicant, owner_password_hash=password_hash,
                                                     **fields)
            APPLICATION_MACHINE.record(app, "", S.SUBMITTED, actor=applicant)
    except IntegrityError as exc:  # lost a race for the slug
        raise DomainError(errors.SLUG_TAKEN) from exc
    return app


def _on_approve(app, *, reviewer, note):
    """Provisioning (schema, domain, owner) runs in a Celery task once the approval commits."""
    from .tasks import provision_merchant_task  # tasks imports this module: a top-level import would cycle

    log_operation(user=reviewer, action="approve_application", target=f"application:{app.pk}",
                  detail={"slug": app.slug}, schema_name="public")
    transaction.on_commit(lambda: provision_merchant_task.delay(app.pk))


def _on_reject(app, *, reviewer, note):
    log_operation(user=reviewer, action="reject_application", target=f"application:{app.pk}",
                  detail={"note": note}, schema_name="public")


REVIEW = reviews.ReviewFlow(model=MerchantApplication, machine=APPLICATION_MACHINE, on_approve=_on_approve,
                            on_reject=_on_reject)


def approve_application(*, application_id: int, reviewer, note: str = "") -> MerchantApplication:
    """Approve a merchant application; the merchant is provisioned after the commit."""
    return REVIEW.approve(pk=application_id, reviewer=reviewer, note=note)


def reject_application(*, application_id: int, reviewer, note: str) -> MerchantApplication:
    """Reject a merchant application with a reason."""
    return REVIEW.reject(pk=application_id, reviewer=reviewer, note=note)


def provision_merchant(*, application_id: int) -> Merchant:
    """Create schema, domain, owner account and membership. Idempotent: safe to run twice."""
    with schema_context("public"):  # tenants are created from the public schema only
        return _provision(application_id)


def _provision(application_id: int) -> Merchant:
    app = MerchantApplication.objects.get(pk=application_id)
    if app.status == S.ACTIVE and app.merchant_id:
        return app.merchant
    if app.status == S.FAILED:
        APPLICATION_MACHINE.move(app, S.APPROVED, reason="retry")
    if app.status != S.APPROVED:
        raise DomainError(errors.NOT_APPROVED)
    try:
        merchant = Merchant.objects.filter(schema_name=app.slug).first()
        if merchant is None:
            merchant = Merchant(
                schema_name=app.slug, name=app.name, kind=app.kind, legal_name=app.legal_name,
                license_no=app.license_no, contact_name=app.contact_name, contact_phone=app.contact_phone,
                address=app.address, bank_name=app.bank_name, bank_account_name=app.bank_account_name,
                bank_account_no=app.bank_account_no, tax_id=app.tax_id, invoice_title=app.invoice_title,
            )
            merchant.save()  # CREATE SCHEMA, cloned from the migrated template (tenants/provisioning.py)
        with transaction.atomic():
            Domain.objects.get_or_create(domain=f"{app.slug}.{settings.PLATFORM_HOST}",
                                         defaults={"tenant": merchant, "is_primary": True})
            owner = reviews.owner_of(app, display_name=app.contact_name)
            MerchantMembership.objects.update_or_create(user=owner, merchant=merchant,
                                                        defaults={"role": StaffRole.OWNER, "is_active": True})
            merchant.admin_user = owner
            merchant.save(update_fields=["admin_user"])
            with in_tenant(merchant):
                ensure_profile(name=app.name, phone=app.contact_phone, address=app.address)
            app = MerchantApplication.objects.select_for_update().get(pk=application_id)
            app.merchant = merchant
            app.save(update_fields=["merchant"])
            APPLICATION_MACHINE.move(app, S.ACTIVE, reason="provisioned")
            log_operation(user=None, action="provision_merchant", target=f"merchant:{merchant.schema_name}",
                          schema_name="public")
        return merchant
    except DomainError:
        raise
    except Exception as exc:
        APPLICATION_MACHINE.move(app, S.FAILED, reason=str(exc))
        raise


# ---- core info changes ------------------------------------------------------------------------

def core_info(merchant: Merchant) -> dict:
    data = {f: getattr(merchant, f) for cat in CORE_FIELDS.values() for f in cat if f != "admin_username"}
    data["admin_username"] = merchant.admin_user.username if merchant.admin_user_id else ""
    return data


def request_core_change(*, merchant: Merchant, category: str, payload: dict, requested_by) -> CoreInfoChange:
    if category not in CORE_FIELDS:
        raise DomainError(errors.CATEGORY_INVALID)
    allowed = CORE_FIELDS[category]
    clean = {k: str(v).strip() for k, v in (payload or {}).items() if k in allowed}
    if not clean or any(not v for v in clean.values()):
        raise DomainError(errors.PAYLOAD_INVALID, fields='、'.join(allowed), fields_en=', '.join(allowed))
    if category == CoreChangeCategory.ADMIN_ACCOUNT and not User.objects.filter(
            username=clean["admin_username"]).exists():
        raise DomainError(errors.USER_NOT_FOUND)
    previous = {k: v for k, v in core_info(merchant).items() if k in clean}
    try:
        with transaction.atomic():
            change = CoreInfoChange.objects.create(merchant=merchant, category=category, payload=clean,
                                                   previous=previous, requested_by=requested_by)
            CHANGE_MACHINE.record(change, "", ChangeStatus.PENDING, actor=requested_by)
    except IntegrityError as exc:
        raise DomainError(errors.CHANGE_PENDING) from exc
    return change


def _apply_change(change, *, reviewer, note):
    """The approval's side effect: the merchant's core info takes the requested values."""
    merchant = Merchant.objects.select_for_update().get(pk=change.merchant_id)
    if change.category == CoreChangeCategory.ADMIN_ACCOUNT:
        _switch_admin(merchant, User.objects.get(username=change.payload["admin_username"]))
    else:
        for field, value in change.payload.items():
            setattr(merchant, field, value)
        merchant.save(update_fields=list(change.payload))
    log_operation(user=reviewer, action="approve_core_change", target=f"core_change:{change.pk}",
                  detail={"merchant": merchant.schema_name, "category": change.category}, schema_name="public")


def _on_change_rejected(change, *, reviewer, note):
    log_operation(user=reviewer, action="reject_core_change", target=f"core_change:{change.pk}",
                  detail={"note": note}, schema_name="public")


CHANGE_REVIEW = reviews.ReviewFlow(model=CoreInfoChange, machine=CHANGE_MACHINE, on_approve=_apply_change,
                                   on_reject=_on_change_rejected)


def approve_core_change(*, change_id: int, reviewer, note: str = "") -> CoreInfoChange:
    """Approve a core-info change: it takes effect on the merchant at once."""
    return CHANGE_REVIEW.approve(pk=change_id, reviewer=reviewer, note=note)


def reject_core_change(*, change_id: int, reviewer, note: str) -> CoreInfoChange:
    """Reject a core-info change with a reason."""
    return CHANGE_REVIEW.reject(pk=change_id, reviewer=reviewer, note=note)


def _switch_admin(merchant: Merchant, new_admin: User) -> None:
    MerchantMembership.objects.filter(merchant=merchant, role=StaffRole.OWNER).exclude(user=new_admin).update(
        role=StaffRole.MANAGER)
    MerchantMembership.objects.update_or_create(user=new_admin, merchant=merchant,
                                                defaults={"role": StaffRole.OWNER, "is_active": True})
    merchant.admin_user = new_admin
    merchant.save(update_fields=["admin_user"])
