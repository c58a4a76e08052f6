"""A local payment gateway sandbox speaking WeChat Pay API v3 and the Alipay openapi (RSA2)
wire protocols with locally generated keys. Run it with

    python -m shared_apps.payments.sandbox --port 8555 --state-dir .var/sandbox

or in-process with `start_sandbox(port=0, state_dir=...)`. See docs/api.md.
"""

from .app import Sandbox, SandboxHandle, start_sandbox
from .keys import sandbox_credentials

__all__ = ["Sandbox", "SandboxHandle", "sandbox_credentials", "start_sandbox"]
