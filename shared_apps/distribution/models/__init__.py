"""Distribution platform models (public schema)."""

from .booking import Booking, BookingStatus, DeliveryStatus, WebhookDelivery
from .finance import CommissionWithdrawal, DepositTopUp, TopUpStatus, WithdrawalStatus
from .org import (
    AlertKind,
    ApplicationStatus,
    ContractStatus,
    Department,
    DistributionEvent,
    DistributorAlert,
    DistributorApplication,
    DistributorContract,
    DistributorKind,
    DistributorLevel,
    DistributorProfile,
    MemberPlacement,
)
from .policy import DiscountMode, DiscountPolicy, DiscountTier

__all__ = [
    "AlertKind", "ApplicationStatus", "Booking", "BookingStatus",
    "CommissionWithdrawal", "ContractStatus", "DeliveryStatus", "Department", "DepositTopUp", "DistributionEvent",
    "DistributorAlert", "DistributorApplication", "DistributorContract", "DistributorKind", "DistributorLevel",
    "DistributorProfile", "MemberPlacement", "TopUpStatus", "WebhookDelivery",
    "WithdrawalStatus", "DiscountMode", "DiscountPolicy", "DiscountTier",
]
