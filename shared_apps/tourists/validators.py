"""Identity-document and phone checks for travellers and addresses (pure functions, no I/O)."""

import datetime
import re

PHONE_RE = re.compile(r"^1\d{10}$")
POSTCODE_RE = re.compile(r"^\d{6}$")

# GB 11643-1999: 17 digits weighted by 2^(17-i) mod 11, the sum mod 11 picks the check character.
ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CARD_CHECK = "10X98765432"
ID_CARD_RE = re.compile(r"^[1-9]\d{16}[\dX]$")

# Other documents vary a lot by issue year; accept letters and digits of a plausible length.
OTHER_DOCUMENT_RE = {
    "passport": re.compile(r"^[A-Z0-9]{5,17}$"),
    "hk_macau": re.compile(r"^[A-Z0-9]{8,11}$"),
    "taiwan": re.compile(r"^[A-Z0-9]{8,10}$"),
}


def id_card_check_char(first17: str) -> str:
    return ID_CARD_CHECK[sum(int(d) * w for d, w in zip(first17, ID_CARD_WEIGHTS, strict=True)) % 11]


def id_card_problem(value: str, today: datetime.date | None = None) -> str | None:
    """None when `value` is a valid 18-character resident ID number, else the reason (English)."""
    if not ID_CARD_RE.match(value):
        return "must be 17 digits followed by a digit or X"
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "birth date is not a date"
    if not datetime.date(1900, 1, 1) <= born <= (today or datetime.date.today()):
        return "birth date out of range"
    if id_card_check_char(value[:17]) != value[17]:
        return "checksum mismatch"
    return None


def normalise_id_no(id_no: str) -> str:
    """Upper-case and drop blanks (users type `x` and spaces); validate separately."""
    return re.sub(r"\s+", "", id_no or "").upper()


def id_no_problem(id_type: str, id_no: str) -> str | None:
    if id_type == "id_card":
        return id_card_problem(id_no)
    pattern = OTHER_DOCUMENT_RE.get(id_type)
    if pattern is None:
        return "unknown document type"
    if not pattern.match(id_no):
        return "unexpected format"
    return None


def mask_id_no(value: str) -> str:
    """Keep both ends, star the middle: 360102199003071234 -> 3601**********1234."""
    if not value:
        return ""
    keep = 4 if len(value) >= 12 else max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]
