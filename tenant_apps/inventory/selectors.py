from datetime import date

from .models import CapacitySlot


def availability(*, product_id: int, start: date | None = None, end: date | None = None) -> list[dict]:
    """Slots of a product (dated ones between start and end inclusive; plain stock has day None)."""
    qs = CapacitySlot.objects.filter(product_id=product_id)
    if start is not None:
        qs = qs.filter(day__gte=start)
    if end is not None:
        qs = qs.filter(day__lte=end)
    return [{"day": s.day, "session": s.session, "capacity": s.capacity, "sold": s.sold, "held": s.held,
             "left": s.left} for s in qs.order_by("day", "session")]
