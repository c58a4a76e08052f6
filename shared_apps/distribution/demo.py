"""Demo data for distributor discount policies and the member CRM (called by seed_demo;
idempotent): a Lushan group-rate policy for 畅游国际旅行社, the tourist lihua bound to it with
tags and a follow-up due today."""

from django.utils import timezone

from shared_apps.accounts.models import Distributor, User
from tenants.models import Merchant

from .models import DiscountPolicy, DistributorContract, FollowUpNote, ReferralBinding
from .services import crm, discounts, referrals
from .services.common import profile_of

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
    lihua, agent = User.objects.filter(username="lihua").first(), User.objects.filter(username="changyou").first()
    if lihua is None or agent is None:
        return
    if not ReferralBinding.objects.filter(user=lihua).exists():
        referrals.bind(user=lihua, code=profile_of(dist).referral_code, source="demo")
    binding = ReferralBinding.objects.filter(user=lihua, distributor=dist).first()
    if binding is None:
        return
    if not binding.tags.exists():
        crm.set_tags(distributor_id=dist.pk, binding_id=binding.pk, names=["亲子游", "高意向"], user=agent)
    if not FollowUpNote.objects.filter(binding=binding).exists():
        crm.add_note(distributor_id=dist.pk, binding_id=binding.pk, user=agent,
                     text="电话回访：计划暑期带孩子游庐山，推荐亲子套票", next_follow_up_on=timezone.localdate())
