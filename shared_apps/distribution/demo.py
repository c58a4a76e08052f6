"""Demo data for distributor discount policies (called by seed_demo; idempotent): a Lushan
group-rate policy for 畅游国际旅行社. The member CRM demo: shared_apps.referrals.demo."""

from shared_apps.accounts.models import Distributor
from tenants.models import Merchant

from .models import DiscountPolicy, DistributorContract
from .services import discounts

DEMO_DISTRIBUTOR = "畅游国际旅行社"


def seed(stdout=None, merchant_slug: str = "lushan") -> None:
    dist = Distributor.objects.filter(name=DEMO_DISTRIBUTOR).first()
    lushan = Merchant.objects.filter(schema_name=merchant_slug).first()
    if dist is None or lushan is None:
        return
    contract = DistributorContract.objects.filter(distributor=dist, merchant=lushan).first()
    if contract and not DiscountPolicy.objects.filter(merchant=lushan, name="畅游团队优惠").exists():
        discounts.save_policy(merchant=lushan, user=lushan.admin_user, data={
            "name": "畅游团队优惠", "contract_id": contract.pk, "mode": "percent", "percent_off": "5",
            "tiers": [{"min_units": 10, "percent_off": "8"}, {"min_units": 50, "percent_off": "12"}]})
        if stdout:
            stdout.write(f"  discount policy: 畅游团队优惠 ({merchant_slug}, 5% / 10+ 8% / 50+ 12%)")
