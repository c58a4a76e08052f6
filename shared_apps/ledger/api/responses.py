"""Response shapes built from ledger postings, shared by the apps that show an account."""

from rest_framework import serializers


class StatementLineSerializer(serializers.Serializer):
    """One posting of an account statement (settlement.services.statement): signed amount and
    the running balance after it."""

    at = serializers.DateTimeField()
    kind = serializers.CharField()
    ref = serializers.CharField()
    memo = serializers.CharField()
    amount_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()
