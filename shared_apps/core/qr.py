"""QR codes drawn locally with segno (no network): inline SVG for pages and API payloads."""

import base64

import segno


def qr_svg(data: str, *, scale: int = 4, border: int = 4, omitsize: bool = False) -> str:
    """An inline `<svg>` QR code of `data` (error correction M). `omitsize` keeps only the
    viewBox so CSS scales it."""
    return segno.make(data, error="m").svg_inline(scale=scale, border=border, omitsize=omitsize)


def qr_data_uri(data: str, *, border: int = 2) -> str:
    """The QR code as an SVG data URI, for JSON payloads an app shows in an <img>."""
    svg = qr_svg(data, border=border)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
