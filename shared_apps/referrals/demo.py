"""Demo data for the member CRM (called by seed_demo; idempotent): the tourist lihua bound to
畅游国际旅行社 with tags and a follow-up due today."""

from django.utils import timezone

from shared_apps.accounts.models import Distributor, User
from shared_apps.distribution.demo import DEMO_DISTRIBUTOR
from shared_apps.distribution.services.common import profile_of

from .models import FollowUpNote, ReferralBinding
from .services import commission, crm


def seed(stdout=None) -> None:
    dist = Distributor.objects.filter(name=DEMO_DISTRIBUTOR).first()
    if dist is None:
        return
    lihua, agent = User.objects.filter(username="lihua").first(), User.objects.filter(username="changyou").first()
    if lihua is None or agent is None:
        return
    if not ReferralBinding.objects.filter(user=lihua).exists():
        commission.bind(user=lihua, code=profile_of(dist).referral_code, source="demo")
    binding = ReferralBinding.objects.filter(user=lihua, distributor=dist).first()
    if binding is None:
        return
    if not binding.tags.exists():
        crm.set_tags(distributor_id=dist.pk, binding_id=binding.pk, names=["亲子游", "高意向"], user=agent)
    if not FollowUpNote.objects.filter(binding=binding).exists():
        crm.add_note(distributor_id=dist.pk, binding_id=binding.pk, user=agent,
                     text="电话回访：计划暑期带孩子游庐山，推荐亲子套票", next_follow_up_on=timezone.localdate())
