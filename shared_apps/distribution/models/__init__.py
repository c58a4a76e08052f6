"""Distribution platform models (public schema)."""

from .booking import Booking, BookingStatus, DeliveryStatus, WebhookDelivery
from .crm import FollowUpNote, MemberTag
from .finance import (
    AccrualStatus,
    CommissionAccrual,
    CommissionWithdrawal,
    DepositTopUp,
    ReferralBinding,
    TopUpStatus,
    WithdrawalStatus,
)
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
    "AccrualStatus", "AlertKind", "ApplicationStatus", "Booking", "BookingStatus", "CommissionAccrual",
    "CommissionWithdrawal", "ContractStatus", "DeliveryStatus", "Department", "DepositTopUp", "DistributionEvent",
    "DistributorAlert", "DistributorApplication", "DistributorContract", "DistributorKind", "DistributorLevel",
    "DistributorProfile", "MemberPlacement", "ReferralBinding", "TopUpStatus", "WebhookDelivery",
    "WithdrawalStatus", "DiscountMode", "DiscountPolicy", "DiscountTier", "FollowUpNote", "MemberTag",
]
