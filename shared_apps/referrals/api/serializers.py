"""Request serializers of the referrals API."""

from rest_framework import serializers


class DstBindSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)
    source = serializers.ChoiceField(choices=["api", "link", "signup", "checkout"], default="api")
