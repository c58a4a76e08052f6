"""Physical hotel rooms of a room type."""

from tenant_apps.hotel import services as hotel
from tenants.utils import in_tenant


def rooms(merchant, product, numbers=("801", "802"), floor: int = 8) -> list:
    """Rooms `numbers` of the room type `product`."""
    with in_tenant(merchant):
        return [hotel.create_room(number=n, room_type_id=product.pk, floor=floor) for n in numbers]
