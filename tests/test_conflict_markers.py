"""No file in the tree keeps a merge-conflict marker (a rebase of docs/security.md once landed
with `<<<<<<< HEAD` … `>>>>>>>` in it; Python files would not import, Markdown and templates would)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^(<{7}|>{7}) ", re.M)  # not "=======": a Markdown heading may underline with it


def test_no_conflict_markers_in_tracked_files():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    paths = [ROOT / p for p in listed.decode().split("\0") if p.endswith((".md", ".html", ".py", ".txt", ".toml",
                                                                          ".css", ".js", ".yaml", ".yml", ".cfg"))]
    assert len(paths) > 100
    found = [str(p.relative_to(ROOT)) for p in paths
             if p.is_file() and "vendor" not in p.parts and MARKER.search(p.read_text(errors="ignore"))]
    assert not found, f"merge-conflict markers left in: {found}"
