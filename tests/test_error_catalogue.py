"""Every error is a catalogue entry: one definition per code, both languages, a real HTTP status,
and no raise site that writes its code or message inline."""

import importlib
import pathlib
import re
import string

from shared_apps.core import failures
from shared_apps.core.failures import DomainError, ErrorCode

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ("shared_apps", "tenant_apps", "tenants")


def _catalogues():
    """shared_apps/core/failures.py and every app's errors.py (core's errors.py is the mapper)."""
    modules = [failures]
    for path in sorted(p for top in SOURCES for p in (ROOT / top).glob("**/errors.py")):
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if dotted != "shared_apps.core.errors":
            modules.append(importlib.import_module(dotted))
    return modules


def _entries() -> list[ErrorCode]:
    seen: dict[int, ErrorCode] = {}
    for module in _catalogues():
        for value in vars(module).values():
            if isinstance(value, ErrorCode):
                seen[id(value)] = value
    return list(seen.values())


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_app_that_raises_has_a_catalogue():
    for top in ("shared_apps", "tenant_apps"):
        for app in sorted(p for p in (ROOT / top).iterdir() if (p / "apps.py").exists() and p.name != "core"):
            raises = any("DomainError(" in path.read_text() for path in app.glob("**/*.py"))
            assert not raises or (app / "errors.py").exists(), f"{app.name} raises DomainError without an errors.py"


def test_every_code_is_defined_once_and_variants_keep_it():
    bases: dict[str, ErrorCode] = {}
    for entry in _entries():
        if entry.base is None:
            assert entry.code not in bases, f"{entry.code} defined twice: {bases[entry.code]} and {entry}"
            bases[entry.code] = entry
    for entry in _entries():
        root = entry.base or entry
        assert root.base is None and bases[entry.code] is root, f"{entry} is not a variant of its code's definition"


def test_every_entry_has_both_languages_and_a_status():
    for entry in _entries():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", entry.code), entry
        assert entry.zh.strip() and entry.en.strip(), entry
        assert 400 <= entry.status <= 599, entry
        _fields(entry.zh), _fields(entry.en)  # both are valid str.format templates


def test_a_domain_error_formats_its_messages():
    exc = DomainError(ErrorCode("x_invalid", "最多 {n} 个", "At most {n}", 409), details={"n": 3}, n=3)
    assert (exc.code, exc.message, exc.message_en, exc.status_code, exc.details) == (
        "x_invalid", "最多 3 个", "At most 3", 409, {"n": 3})


def test_no_raise_site_writes_a_code_or_message_inline():
    inline = re.compile(r"\bApiError\(|\bDomainError\(\s*f?[\"']|\bErrorCode\(|\.variant\(")
    offenders = []
    for top in SOURCES:
        for path in (ROOT / top).glob("**/*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if path.name == "errors.py" or rel == "shared_apps/core/failures.py" or "/migrations/" in rel:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if inline.search(line):
                    offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
