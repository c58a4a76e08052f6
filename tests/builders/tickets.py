"""E-tickets issued on payment and their signed QR payloads."""

from tenant_apps.tickets import services as tickets
from tenant_apps.tickets.models import Ticket
from tenants.utils import in_tenant


def tickets_of(merchant, checkout_obj=None) -> list[Ticket]:
    """Tickets of `merchant` (of one checkout if given), oldest first."""
    with in_tenant(merchant):
        qs = Ticket.objects.order_by("id")
        if checkout_obj is not None:
            qs = qs.filter(order__checkout_id=checkout_obj.pk)
        return list(qs)


def qr_of(merchant, ticket) -> str:
    with in_tenant(merchant):
        return tickets.qr_for(ticket)
