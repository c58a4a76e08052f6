"""How a shop object's status history reads in the API (the moves themselves: the MACHINEs of
shipping.py, returns.py and complaints.py, shared_apps.core.transitions.Machine)."""


def history(events) -> list[dict]:
    return [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "reason": e.reason, "at": e.at}
            for e in events]
