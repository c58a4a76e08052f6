"""Response shapes of the referrals (member distribution) and CRM API."""

from rest_framework import serializers

from shared_apps.core.api_schema import paginated


class BindingSerializer(serializers.Serializer):
    distributor = serializers.CharField(allow_null=True, help_text="The distributor's name; null when not bound")
    bound_at = serializers.DateTimeField(allow_null=True)


class ReferredUserSerializer(serializers.Serializer):
    user = serializers.CharField(help_text="Masked name")
    phone = serializers.CharField(help_text="Masked phone")
    source = serializers.CharField()
    bound_at = serializers.DateTimeField()
    orders = serializers.IntegerField()
    order_fen = serializers.IntegerField()
    commission_fen = serializers.IntegerField()


class ReferralsSerializer(serializers.Serializer):
    referral_code = serializers.CharField()
    users = ReferredUserSerializer(many=True)


class CommissionSumsSerializer(serializers.Serializer):
    orders = serializers.IntegerField()
    order_fen = serializers.IntegerField()
    accrued_fen = serializers.IntegerField()
    clawed_back_fen = serializers.IntegerField()
    frozen_fen = serializers.IntegerField()
    released_fen = serializers.IntegerField()


class DistributorPerformanceSerializer(CommissionSumsSerializer):
    distributor_id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    referred_users = serializers.IntegerField()


class LevelPerformanceSerializer(CommissionSumsSerializer):
    level = serializers.CharField()
    name = serializers.CharField()
    commission_bps = serializers.IntegerField()


class PerformanceSerializer(serializers.Serializer):
    """referrals.services.commission.performance."""

    distributors = DistributorPerformanceSerializer(many=True)
    levels = LevelPerformanceSerializer(many=True)


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    color = serializers.CharField()


class TagCountSerializer(TagSerializer):
    members = serializers.IntegerField()


class MemberCommissionSerializer(serializers.Serializer):
    frozen_fen = serializers.IntegerField()
    released_fen = serializers.IntegerField()
    clawed_back_fen = serializers.IntegerField()


class CrmMemberSerializer(serializers.Serializer):
    """referrals.services.crm.member_row: a bound tourist (masked) with spend and tags."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField()
    source = serializers.CharField()
    bound_at = serializers.DateTimeField()
    level = CodeNameSerializer()
    orders = serializers.IntegerField()
    spent_fen = serializers.IntegerField()
    last_order_at = serializers.DateTimeField(allow_null=True)
    commission = MemberCommissionSerializer()
    tags = TagSerializer(many=True)
    next_follow_up_on = serializers.DateField(allow_null=True)


class NoteSerializer(serializers.Serializer):
    """referrals.services.crm.note_payload: a follow-up note."""

    id = serializers.IntegerField()
    member_id = serializers.IntegerField()
    author = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    next_follow_up_on = serializers.DateField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    done_by = serializers.CharField()


class RecentOrderSerializer(serializers.Serializer):
    order_no = serializers.CharField()
    merchant = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    total_fen = serializers.IntegerField()
    refunded_fen = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class AccrualSerializer(serializers.Serializer):
    order_no = serializers.CharField()
    order_fen = serializers.IntegerField()
    amount_fen = serializers.IntegerField()
    clawed_back_fen = serializers.IntegerField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class CrmMemberDetailSerializer(CrmMemberSerializer):
    orders_recent = RecentOrderSerializer(many=True)
    last_order = RecentOrderSerializer(allow_null=True)
    accruals = AccrualSerializer(many=True)
    notes = NoteSerializer(many=True)


class MemberTagsSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    tags = serializers.ListField(child=serializers.CharField())


class ReminderSerializer(NoteSerializer):
    member = serializers.CharField(help_text="Masked name")
    phone = serializers.CharField(help_text="Masked phone")
    overdue = serializers.BooleanField()


PaginatedCrmMembers = paginated(CrmMemberSerializer)
