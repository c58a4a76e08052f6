"""The one way a shop object changes status: check the transition table, save, write a ShopEvent."""

from shared_apps.core import transitions

from .models import ShopEvent


def event(subject: str, subject_id: int, frm: str, to: str, actor: str, reason: str = "") -> None:
    ShopEvent.objects.create(subject=subject, subject_id=subject_id, from_status=frm, to_status=to,
                             actor=(actor or "")[:150], reason=(reason or "")[:200])


def move(obj, subject: str, table: dict, to: str, *, actor: str, reason: str = "", fields=()) -> None:
    transitions.move(obj, to, table, fields=fields, what=subject,
                     record=lambda frm, to: event(subject, obj.pk, frm, to, actor, reason))


def history(subject: str, subject_id: int) -> list[dict]:
    return [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "reason": e.reason, "at": e.at}
            for e in ShopEvent.objects.filter(subject=subject, subject_id=subject_id)]
