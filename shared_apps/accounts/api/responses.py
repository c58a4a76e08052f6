"""Response shapes of the accounts API: token pairs and login sessions."""

from rest_framework import serializers


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="JWT access token (Bearer)")
    refresh = serializers.CharField(help_text="Refresh token: works once, POST it to /auth/token/refresh/")


class LoginSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="web (browser) or api (token)")
    user_agent = serializers.CharField()
    ip = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
    current = serializers.BooleanField()


class RevokedCountSerializer(serializers.Serializer):
    revoked = serializers.IntegerField()
