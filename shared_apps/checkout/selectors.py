"""Reads of the public order index."""

from .models import OrderIndex


def my_order_index(user, schema: str, order_no: str) -> OrderIndex | None:
    """The user's order at merchant `schema` (None for a missing order and for anyone else's)."""
    return OrderIndex.objects.filter(user=user, merchant__schema_name=schema,
                                     order_no=order_no).select_related("merchant").first()
