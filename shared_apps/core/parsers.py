"""JSON bodies that the database can store, checked before any view runs.

PostgreSQL refuses a NUL character in `text` and `jsonb`, lone UTF-16 surrogates cannot be
encoded to UTF-8, integers past bigint overflow every integer column, and a 5,000-level nesting
makes Python's decoder raise RecursionError. Such a body is refused with a 400 and a stable code
(`null_character`, `invalid_unicode`, `number_out_of_range`, `json_too_deep`), by
`RequestSanityMiddleware` before the view (so nothing is changed and the operation log has only
clean text to store) and again by the DRF parser below for any request that did not go through
the middleware. `storable_text` is the lenient counterpart for what is logged rather than refused.
"""

import json
import math
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from . import failures
from .failures import DomainError

MAX_DEPTH = 32  # objects/arrays inside each other; the deepest body of the API today is 4
BIGINT_MAX = 2**63 - 1
BIGINT_MIN = -(2**63)
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_json(raw: bytes | str):
    """The body parsed, or DomainError for what storage refuses; ValueError for malformed JSON."""
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise DomainError(failures.JSON_TOO_DEEP, max_depth=MAX_DEPTH) from None
    check_storable(data)
    return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def check_storable(data, max_depth: int = MAX_DEPTH) -> None:
    """Walk parsed JSON (iteratively: depth is what is being checked) and refuse what cannot be stored."""
    stack = [(data, 0, "")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict):
            if depth >= max_depth:
                raise DomainError(failures.JSON_TOO_DEEP, max_depth=max_depth)
            for key, item in value.items():
                _check_text(key, path)
                stack.append((item, depth + 1, f"{path}.{_printable(key)}".lstrip(".")))
        elif isinstance(value, list):
            if depth >= max_depth:
                raise DomainError(failures.JSON_TOO_DEEP, max_depth=max_depth)
            stack.extend((item, depth + 1, f"{path}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, path)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int) and not BIGINT_MIN <= value <= BIGINT_MAX:
            raise DomainError(failures.NUMBER_OUT_OF_RANGE_ANY, details={"field": path})
        elif isinstance(value, float) and not math.isfinite(value):
            raise DomainError(failures.NUMBER_OUT_OF_RANGE_ANY, details={"field": path})


def _check_text(text: str, path: str) -> None:
    if "\x00" in text:
        raise DomainError(failures.NULL_CHARACTER, details={"field": _printable(path)})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DomainError(failures.INVALID_UNICODE, details={"field": _printable(path)}) from None


def _printable(text) -> str:
    return storable_text(str(text))[:100]


def storable_text(text: str) -> str:
    """`text` as PostgreSQL stores it: NUL dropped, lone surrogates replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the checks above (REST_FRAMEWORK DEFAULT_PARSER_CLASSES)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            return decode_json(stream.read().decode(encoding))
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
