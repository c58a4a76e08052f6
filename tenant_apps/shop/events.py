"""The one way a shop object changes status: check the transition table, save, write a ShopEvent."""

from shared_apps.core.errors import ApiError

from .models import ShopEvent


def event(subject: str, subject_id: int, frm: str, to: str, actor: str, reason: str = "") -> None:
    ShopEvent.objects.create(subject=subject, subject_id=subject_id, from_status=frm, to_status=to,
                             actor=(actor or "")[:150], reason=(reason or "")[:200])


def move(obj, subject: str, table: dict, to: str, *, actor: str, reason: str = "", fields=()) -> None:
    frm = obj.status
    if to not in table[frm]:
        raise ApiError("invalid_transition", f"当前状态（{obj.get_status_display()}）不能执行此操作",
                       f"{subject} cannot move from {frm} to {to}", 409)
    obj.status = to
    obj.save(update_fields=["status", *fields])
    event(subject, obj.pk, frm, to, actor, reason)


def history(subject: str, subject_id: int) -> list[dict]:
    return [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "reason": e.reason, "at": e.at}
            for e in ShopEvent.objects.filter(subject=subject, subject_id=subject_id)]
