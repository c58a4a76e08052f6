"""Merchant authorisation of distributors (DST-DIS-03/04, EC-TKT-04). The contract is the record;
Distributor.merchants (checked by ApiKey.allows) mirrors the ACTIVE contracts, in the same
transaction as every contract transition."""

from django.db import transaction
from django.utils import timezone

from shared_apps.accounts.models import Distributor
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.distribution import errors
from shared_apps.oplog.services import log_operation
from tenant_apps.catalog.selectors import products
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from ..models import AlertKind, ContractStatus, DistributionEvent, DistributorContract
from .common import alert

C = ContractStatus
CONTRACT_TRANSITIONS = {
    C.REQUESTED: {C.ACTIVE, C.REJECTED},
    C.ACTIVE: {C.REVOKED},
    C.REJECTED: {C.REQUESTED, C.ACTIVE},
    C.REVOKED: {C.REQUESTED, C.ACTIVE},
}
CONTRACT_MACHINE = Machine(CONTRACT_TRANSITIONS, DistributionEvent, subject="contract", what="contract")


def _check_products(merchant: Merchant, product_ids: list[int]) -> list[int]:
    ids = sorted({int(p) for p in product_ids or []})
    if not ids:
        return []
    with in_tenant(merchant):
        found = set(products().filter(pk__in=ids).values_list("pk", flat=True))
    missing = [p for p in ids if p not in found]
    if missing:
        raise DomainError(errors.PRODUCT_NOT_FOUND_UNKNOWN_IDS, details={"product_ids": missing})
    return ids


def _sync(contract: DistributorContract) -> None:
    if contract.status == C.ACTIVE:
        contract.distributor.merchants.add(contract.merchant)
    else:
        contract.distributor.merchants.remove(contract.merchant)


@transaction.atomic
def request_contract(*, distributor: Distributor, merchant_schema: str, actor: str, note: str = ""):
    merchant = Merchant.objects.filter(schema_name=merchant_schema, status=MerchantStatus.ACTIVE).exclude(
        schema_name="public").first()
    if merchant is None:
        raise DomainError(errors.MERCHANT_NOT_FOUND)
    contract, created = DistributorContract.objects.select_for_update().get_or_create(
        merchant=merchant, distributor=distributor, defaults={"request_note": note[:200]})
    if created:
        CONTRACT_MACHINE.record(contract, "", C.REQUESTED, actor=actor, reason=note)
        return contract
    if contract.status in (C.REQUESTED, C.ACTIVE):
        raise DomainError(errors.CONTRACT_EXISTS)
    contract.request_note = note[:200]
    CONTRACT_MACHINE.move(contract, C.REQUESTED, actor=actor, reason=note, fields=["request_note"])
    return contract


@transaction.atomic
def authorise(*, merchant: Merchant, distributor_id: int, user, product_ids=None, note: str = ""):
    """Authorise a distributor (answering its request or on the merchant's own initiative)."""
    distributor = Distributor.objects.filter(pk=distributor_id, status=Distributor.Status.ACTIVE).first()
    if distributor is None:
        raise DomainError(errors.DISTRIBUTOR_NOT_FOUND)
    contract, created = DistributorContract.objects.select_for_update().get_or_create(
        merchant=merchant, distributor=distributor, defaults={"status": C.ACTIVE})
    if product_ids is not None:
        contract.product_ids = _check_products(merchant, product_ids)
    contract.decision_note, contract.decided_at = note[:200], timezone.now()
    if created:
        contract.save()
        CONTRACT_MACHINE.record(contract, "", C.ACTIVE, actor=user.username, reason=note)
    elif contract.status == C.ACTIVE:
        contract.save()
    else:
        CONTRACT_MACHINE.move(contract, C.ACTIVE, actor=user.username, reason=note,
                              fields=["product_ids", "decision_note", "decided_at"])
    _sync(contract)
    _notify(contract, user, "authorise_distributor", f"商户「{merchant.name}」已授权分销")
    return contract


def _contract(merchant: Merchant, contract_id: int) -> DistributorContract:
    contract = DistributorContract.objects.select_for_update(of=("self",)).select_related("distributor").filter(
        merchant=merchant, pk=contract_id).first()
    if contract is None:
        raise DomainError(errors.CONTRACT_NOT_FOUND)
    return contract


@transaction.atomic
def decide(*, merchant: Merchant, contract_id: int, user, to: str, note: str = "", product_ids=None):
    """Merchant answers a request (active / rejected), revokes, or edits the product scope (to=None)."""
    contract = _contract(merchant, contract_id)
    if product_ids is not None:
        contract.product_ids = _check_products(merchant, product_ids)
        contract.save(update_fields=["product_ids"])
    if to is None:
        return contract
    if to == C.REJECTED and not note.strip():
        raise DomainError(errors.NOTE_REQUIRED_REASON)
    contract.decision_note, contract.decided_at = note[:200], timezone.now()
    CONTRACT_MACHINE.move(contract, to, actor=user.username, reason=note, fields=["decision_note", "decided_at"])
    _sync(contract)
    verb = {C.ACTIVE: "已授权分销", C.REJECTED: "拒绝了分销申请", C.REVOKED: "撤销了分销授权"}[to]
    _notify(contract, user, f"{to}_distributor_contract", f"商户「{merchant.name}」{verb}")
    return contract


def _notify(contract, user, action: str, message: str) -> None:
    log_operation(user=user, action=action, target=f"distributor:{contract.distributor_id}",
                  detail={"merchant": contract.merchant.schema_name, "status": contract.status},
                  schema_name=contract.merchant.schema_name)
    alert(contract.distributor_id, AlertKind.CONTRACT, message, level="info",
          detail={"merchant": contract.merchant.schema_name, "status": contract.status}, dedupe_minutes=0)


def contract_for(distributor_id: int, merchant: Merchant) -> DistributorContract | None:
    return DistributorContract.objects.filter(distributor_id=distributor_id, merchant=merchant).first()


def product_scope(distributor_id: int, merchant: Merchant) -> list[int]:
    """Product ids the merchant lets this distributor sell; [] means every on-shelf product."""
    contract = contract_for(distributor_id, merchant)
    return list(contract.product_ids) if contract and contract.status == C.ACTIVE else []
