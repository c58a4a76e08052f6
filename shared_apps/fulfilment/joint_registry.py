"""The public joint-ticket registry, installed into tenant_apps.tickets.joint at start-up."""

from . import selectors, services


class FulfilmentJointRegistry:
    """tenant_apps.tickets.joint.JointRegistry, backed by the public JointTicket tables."""

    joint_for = staticmethod(services.joint_for)
    redeemed_at = staticmethod(selectors.redeemed_at)
    venues_used = staticmethod(selectors.venues_used)
    record_joint_redemption = staticmethod(services.record_joint_redemption)
