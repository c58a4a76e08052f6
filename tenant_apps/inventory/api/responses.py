"""Response shapes of the inventory API."""

from rest_framework import serializers

from tenant_apps.catalog.models import InventoryMode


class SlotSerializer(serializers.Serializer):
    """One capacity slot (inventory.selectors.availability); plain stock has day null."""

    day = serializers.DateField(allow_null=True)
    session = serializers.CharField()
    capacity = serializers.IntegerField()
    sold = serializers.IntegerField()
    held = serializers.IntegerField()
    left = serializers.IntegerField()


class InventorySerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    inventory_mode = serializers.ChoiceField(choices=InventoryMode.choices)
    slots = SlotSerializer(many=True)


class CapacityUpdatedSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text="Slots written")
    slots = SlotSerializer(many=True)
