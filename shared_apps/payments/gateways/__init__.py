"""Payment gateway adapters (WeChat Pay API v3, Alipay RSA2) behind one interface (base.Gateway).

    >>> get_gateway("wechat").create(GatewayOrder(...))

Configured by settings.PAYMENT_GATEWAYS = {"wechat": {...}, "alipay": {...}}; for the local
sandbox, `sandbox_settings(url, state_dir)` builds that dict (see docs/api.md).
"""

from __future__ import annotations

import json
import threading
from urllib.parse import urlsplit

from shared_apps.payments.sandbox.keys import sandbox_credentials

from .alipay import PRODUCTION_URL as ALIPAY_PRODUCTION_URL
from .alipay import AlipayGateway
from .base import Gateway, GatewayError
from .wechat import PRODUCTION_URL as WECHAT_PRODUCTION_URL
from .wechat import WeChatPayGateway

_cache: dict[tuple[str, str], Gateway] = {}
_lock = threading.Lock()


def _config(name: str) -> dict:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    configs = getattr(settings, "PAYMENT_GATEWAYS", None)
    if not configs and getattr(settings, "PAYMENT_USE_SANDBOX", False):
        configs = sandbox_settings(
            settings.PAYMENT_SANDBOX_URL, settings.PAYMENT_SANDBOX_STATE_DIR,
            refund_notify_url=f"{settings.PAYMENT_NOTIFY_BASE_URL}/api/v1/payments/callbacks/wechat/")
    if not configs:
        raise ImproperlyConfigured(
            "settings.PAYMENT_GATEWAYS is not set. For the local sandbox use "
            "shared_apps.payments.gateways.sandbox_settings(PAYMENT_SANDBOX_URL, PAYMENT_SANDBOX_STATE_DIR); "
            "in production give the merchant credentials (docs/api.md, 'Payment gateways and the sandbox').")
    if name not in ("wechat", "alipay"):
        raise ValueError(f"unknown payment gateway {name!r}")
    if name not in configs:
        raise ImproperlyConfigured(f"settings.PAYMENT_GATEWAYS has no {name!r} entry")
    return configs[name]


def get_gateway(name: str) -> Gateway:
    """The adapter for `name` ("wechat" | "alipay"), built from settings and reused while the
    settings entry stays the same."""
    config = _config(name)
    key = (name, json.dumps(config, sort_keys=True, default=str))
    gateway = _cache.get(key)
    if gateway is None:
        with _lock:
            gateway = _cache.get(key)
            if gateway is None:
                cls = WeChatPayGateway if name == "wechat" else AlipayGateway
                gateway = cls(config)
                if len(_cache) > 16:
                    _cache.clear()
                _cache[key] = gateway
    return gateway


def sandbox_settings(sandbox_url: str, state_dir: str, refund_notify_url: str = "") -> dict:
    """PAYMENT_GATEWAYS for the local sandbox gateway: its URL plus the keys it generated
    under `state_dir` (generated now if absent, so the sandbox may start later).
    `refund_notify_url`: where WeChat posts REFUND.* when refund() is given no notify_url."""

    creds = sandbox_credentials(state_dir)
    wx, ali = creds["wechat"], creds["alipay"]
    url = sandbox_url.rstrip("/")
    return {
        "wechat": {
            "base_url": url,
            "mchid": wx["mchid"],
            "appid": wx["appid"],
            "merchant_serial_no": wx["merchant_serial_no"],
            "merchant_private_key_path": wx["merchant_private_key_path"],
            "apiv3_key": wx["apiv3_key"],
            "public_key_id": wx["public_key_id"],
            "public_key_path": wx["platform_public_key_path"],
            "refund_notify_url": refund_notify_url,
            "timeout": 10,
        },
        "alipay": {
            "gateway_url": f"{url}/alipay/gateway.do",
            "app_id": ali["app_id"],
            "seller_id": ali["seller_id"],
            "app_private_key_path": ali["app_private_key_path"],
            "alipay_public_key_path": ali["alipay_public_key_path"],
            "timeout": 10,
        },
    }

# Where the payer is sent (pay_url) for each gateway endpoint we talk to: the sandbox serves its
# cashier on its own origin; WeChat H5 pay sends the payer to wx.tenpay.com, Alipay page and wap
# pay to openapi.alipay.com, which redirects on within alipay.com.
_PRODUCTION_CASHIERS = {
    "https://api.mch.weixin.qq.com": ("https://wx.tenpay.com",),
    "https://openapi.alipay.com": ("https://openapi.alipay.com", "https://*.alipay.com"),
}


def cashier_origins() -> list[str]:
    """The origins of the gateways' cashier pages, for the CSP form-action directive
    (settings.CSP_FORM_ACTION_SOURCES): the pay form POSTs to us and we redirect there.
    Read from settings without loading credentials, so it is cheap enough for every request."""
    from django.conf import settings

    configs = getattr(settings, "PAYMENT_GATEWAYS", None)
    if configs:
        urls = [configs.get("wechat", {}).get("base_url") or WECHAT_PRODUCTION_URL,
                configs.get("alipay", {}).get("gateway_url") or ALIPAY_PRODUCTION_URL]
    elif getattr(settings, "PAYMENT_USE_SANDBOX", False):
        urls = [settings.PAYMENT_SANDBOX_URL]
    else:
        urls = []
    origins: list[str] = []
    for url in urls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        for cashier in _PRODUCTION_CASHIERS.get(origin, (origin,)):
            if cashier not in origins:
                origins.append(cashier)
    return origins


__all__ = ["Gateway", "GatewayError", "cashier_origins", "get_gateway", "sandbox_settings"]
