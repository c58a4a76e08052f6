"""Every error is a catalogue entry: one definition (one message template) per code, both languages,
a real HTTP status, no message text under two codes, and no raise site that writes its code or
message inline."""

import importlib
import pathlib
import re
import string

from shared_apps.core import failures
from shared_apps.core.failures import BoundError, DomainError, ErrorCode

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


def _values(kind) -> list:
    seen: dict[int, object] = {}
    for module in _catalogues():
        for value in vars(module).values():
            if isinstance(value, kind):
                seen[id(value)] = value
    return list(seen.values())


def _entries() -> list[ErrorCode]:
    return _values(ErrorCode)


def _bound() -> list[BoundError]:
    return _values(BoundError)


class _Slot(str):
    """A raise-site value not known here: it renders as its own placeholder, whatever the format spec."""

    def __format__(self, spec):
        return "{" + self + "}"


class _Slots(dict):
    def __missing__(self, key):
        return _Slot(key)


def _texts(failure) -> tuple[str, str]:
    """The Chinese and English text as the catalogue fixes it, raise-site values left as {placeholders}."""
    values = _Slots()
    if isinstance(failure, BoundError):
        values.update({k: v.format_map(_Slots()) if isinstance(v, str) else v for k, v in failure.params.items()})
    return failure.entry.zh.format_map(values), failure.entry.en.format_map(values)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_app_that_raises_has_a_catalogue():
    for top in ("shared_apps", "tenant_apps"):
        for app in sorted(p for p in (ROOT / top).iterdir() if (p / "apps.py").exists() and p.name != "core"):
            raises = any("DomainError(" in path.read_text() for path in app.glob("**/*.py"))
            assert not raises or (app / "errors.py").exists(), f"{app.name} raises DomainError without an errors.py"


def test_every_code_has_one_message_template():
    templates: dict[str, ErrorCode] = {}
    for entry in _entries():
        assert entry.code not in templates, (
            f"{entry.code} has two message templates: {templates[entry.code]} and {entry}")
        templates[entry.code] = entry
    for bound in _bound():
        assert templates.get(bound.code) is bound.entry, f"{bound} binds values of an entry outside the catalogues"
        unknown = set(bound.params) - _fields(bound.entry.zh) - _fields(bound.entry.en)
        assert not unknown, f"{bound} binds {unknown}, which its template does not use"


def test_no_message_text_belongs_to_two_codes():
    owners: dict[str, set[str]] = {}
    for failure in [*_entries(), *_bound()]:
        for text in _texts(failure):
            owners.setdefault(text, set()).add(failure.code)
    shared = {text: sorted(codes) for text, codes in owners.items() if len(codes) > 1}
    assert not shared, "\n".join(f"{text!r}: {codes}" for text, codes in sorted(shared.items()))


def test_a_bound_entry_keeps_its_code_and_fills_its_template():
    entry = ErrorCode("x_not_found", "{what}不存在（{ref}）", "{what_en} {ref} not found", 404)
    bound = entry.of(what="账单{n}", what_en="Bill")
    exc = DomainError(bound, n=2, ref="R1")
    assert (exc.code, exc.status_code, exc.message, exc.message_en) == ("x_not_found", 404, "账单2不存在（R1）",
                                                                        "Bill R1 not found")
    assert exc.error is entry and bound.of(ref="R9").render(n=1) == ("账单1不存在（R9）", "Bill R9 not found")


def test_every_entry_has_both_languages_and_a_status():
    for entry in _entries():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", entry.code), entry
        assert entry.zh.strip() and entry.en.strip(), entry
        assert 400 <= entry.status <= 599, entry
        _fields(entry.zh), _fields(entry.en)  # both are valid str.format templates
    for failure in [*_entries(), *_bound()]:
        assert all(text.strip() for text in _texts(failure)), failure


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
