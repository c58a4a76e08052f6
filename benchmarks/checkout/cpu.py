"""CPU accounting from /proc for run.py: who used the machine's cores during a phase."""

import os
from pathlib import Path

TCK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int | str) -> tuple[str, list[str]]:
    head, tail = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)
    return head.split("(", 1)[1], tail.split()


def proc_cpu(pid: int, children_too: bool = False) -> float:
    """CPU seconds of a process (plus its reaped children when asked)."""
    try:
        f = _stat(pid)[1]
    except OSError:
        return 0.0
    return (int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if children_too else 0)) / TCK


def all_processes() -> dict[int, tuple[str, int, float]]:
    """pid -> (comm, ppid, CPU seconds) for every live process."""
    out = {}
    for d in Path("/proc").glob("[0-9]*"):
        try:
            comm, f = _stat(d.name)
            out[int(d.name)] = (comm, int(f[1]), (int(f[11]) + int(f[12])) / TCK)
        except (OSError, ValueError, IndexError):
            continue
    return out


def system_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    vals = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(vals) - vals[3] - vals[4]) / TCK, sum(vals) / TCK


class CpuMeter:
    """CPU seconds used between start() and stop() by the PostgreSQL server (postmaster incl.
    its reaped backends, plus live children), by the gunicorn master and workers, by the
    machine as a whole, and by the busiest other processes (by name)."""

    def __init__(self, pg_datadir: str, gunicorn_pid: int | None = None):
        try:
            self.pg_pid = int((Path(pg_datadir) / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            self.pg_pid = None
        self.gpid = gunicorn_pid

    def _sample(self) -> dict:
        procs = all_processes()
        kids = lambda ppid: [p for p, (_, pp, _) in procs.items() if pp == ppid]  # noqa: E731
        s = {"busy": system_busy(), "pg": {}, "web": {}, "all": procs}
        if self.pg_pid:
            s["pg"] = {pid: procs[pid][2] for pid in kids(self.pg_pid)}
            s["pg"][self.pg_pid] = proc_cpu(self.pg_pid, children_too=True)
        if self.gpid:
            s["web"] = {pid: procs[pid][2] for pid in [self.gpid, *kids(self.gpid)] if pid in procs}
        s["mine"] = {os.getpid(), *kids(os.getpid())}
        return s

    def start(self) -> None:
        self.a = self._sample()

    def stop(self) -> dict:
        a, b = self.a, self._sample()
        delta = lambda k: sum(v - a[k].get(pid, 0.0) for pid, v in b[k].items())  # noqa: E731
        mine = a["mine"] | b["mine"] | set(b["pg"]) | set(b["web"])
        others: dict[str, float] = {}
        for pid, (comm, _, v) in b["all"].items():
            if pid not in mine:
                others[comm] = others.get(comm, 0.0) + v - (a["all"][pid][2] if pid in a["all"] else 0.0)
        top = sorted(((v, c) for c, v in others.items() if v >= 0.05), reverse=True)[:4]
        (busy0, total0), (busy1, total1) = a["busy"], b["busy"]
        return {"postgres_s": delta("pg") if self.pg_pid else None, "gunicorn_s": delta("web"),
                "busy_s": busy1 - busy0, "total_s": total1 - total0, "others": top}
