"""OpenAPI description of the distributor API-key authentication (registered on import by
AccountsConfig.ready)."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class SessionJWTScheme(SimpleJWTScheme):
    target_class = "shared_apps.accounts.authentication.SessionJWTAuthentication"


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "shared_apps.accounts.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-Api-Key",
                "description": "A distributor API key `tpk_<prefix>_<secret>`; "
                               "`Authorization: Api-Key <key>` is accepted too."}
