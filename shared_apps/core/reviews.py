"""Application review, the one mechanism behind every "apply -> operator review -> approve or
reject with a reason" flow: merchant applications (onboarding) and distributor applications
(distribution). Each concrete application model keeps its own table and status set and inherits
the applicant/owner and review fields from `ReviewedApplication`; each app builds one
`ReviewFlow` naming its model, its state machine (which writes the app's event row) and its
approval hook (creating the tenant, creating the distributor)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils import timezone

from . import failures
from .failures import DomainError
from .transitions import Machine

SUBMITTED, APPROVED, REJECTED = "submitted", "approved", "rejected"


class ReviewedApplication(models.Model):
    """The fields every reviewed application has: who applies (name and contact), the named owner
    account (a hashed password when the applicant was anonymous) and who decided, when and why."""

    name = models.CharField(max_length=100)
    contact_name = models.CharField(max_length=50)
    contact_phone = models.CharField(max_length=32)
    address = models.CharField(max_length=200, blank=True)
    owner_username = models.CharField(max_length=150)
    owner_password_hash = models.CharField(max_length=128, blank=True)  # hashed at submission
    review_note = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def owner_credentials(*, applicant, owner_username: str, owner_password: str) -> tuple:
    """(applicant or None, owner username, password hash) for a new application. A signed-in
    applicant owns it (no password kept); an anonymous one names a new account and its password."""
    if applicant is not None and applicant.is_authenticated:
        return applicant, applicant.username, ""
    if not owner_username:
        raise DomainError(failures.OWNER_USERNAME_REQUIRED, details={"owner_username": ["required"]})
    if get_user_model().objects.filter(username=owner_username).exists():
        raise DomainError(failures.OWNER_USERNAME_TAKEN)
    validate_password(owner_password)
    return None, owner_username, make_password(owner_password)


def owner_of(app: ReviewedApplication, *, display_name: str):
    """The account that owns an approved application: the applicant, the named existing user, or
    a new user with the password hashed at submission."""
    owner = app.applicant or get_user_model().objects.filter(username=app.owner_username).first()
    if owner is None:
        owner = get_user_model()(username=app.owner_username, display_name=display_name,
                                 password=app.owner_password_hash)
        owner.save()
    return owner


Step = Callable[..., object]


@dataclass(frozen=True)
class ReviewFlow:
    """One review of a submitted thing (an application, a core-info change): a model with
    `status` and the review fields, and its state `machine` (core.transitions.Machine, which
    checks the table and writes the app's event row; `actor(user)` is what the event keeps as
    actor: the user, or its username). `on_approve(app, reviewer=, note=)` is the specific side
    effect of an approval and `on_reject` (optional) the one of a rejection; both run inside the
    decision's transaction, after the status moved."""

    model: type[models.Model]
    machine: Machine
    on_approve: Step
    on_reject: Step | None = None
    actor: Callable[[object], object] = lambda user: user

    def _locked(self, pk: int) -> ReviewedApplication:
        app = self.model.objects.select_for_update().filter(pk=pk).first()
        if app is None:  # the pages and API views answer 404 before; this guards other callers
            raise DomainError(failures.NOT_FOUND_APPLICATION)
        return app

    def _reviewed(self, app: ReviewedApplication, reviewer, note: str) -> None:
        app.reviewed_by, app.reviewed_at, app.review_note = reviewer, timezone.now(), note
        app.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])

    def approve(self, *, pk: int, reviewer, note: str = "") -> ReviewedApplication:
        """Approve a submitted application and run the approval hook, all or nothing."""
        with transaction.atomic():
            app = self._locked(pk)
            self.machine.move(app, APPROVED, actor=self.actor(reviewer), reason=note)
            self.on_approve(app, reviewer=reviewer, note=note)
            self._reviewed(app, reviewer, note)
        return app

    def reject(self, *, pk: int, reviewer, note: str) -> ReviewedApplication:
        """Reject a submitted application; a reason is required."""
        if not note.strip():
            raise DomainError(failures.NOTE_REQUIRED_REJECT)
        with transaction.atomic():
            app = self._locked(pk)
            self.machine.move(app, REJECTED, actor=self.actor(reviewer), reason=note)
            self._reviewed(app, reviewer, note)
            if self.on_reject is not None:
                self.on_reject(app, reviewer=reviewer, note=note)
        return app
