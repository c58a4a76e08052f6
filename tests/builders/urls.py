"""Every route of a URL conf, enumerated with django.urls resolvers, and concrete paths for them.

    for route in routes("config.urls_tenant"):
        client.get(route.path({"pk": 7}))

A route's parameters are filled from the values given by name, else by converter type. Routes built
from regular expressions (the admin's app index and catch-all) are skipped: they have no route text
to fill; the admin's other routes are kept.
"""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
BY_CONVERTER = {"int": "1", "slug": "x", "str": "x", "path": "1", "uuid": "00000000-0000-4000-8000-000000000001"}


@dataclass(frozen=True)
class Route:
    urlconf: str
    route: str  # "api/v1/merchant/products/<int:pk>/"
    name: str | None
    view: str  # dotted path of the view, for messages
    params: dict[str, str] = field(default_factory=dict)  # name -> converter

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/v1/")

    def path(self, values: dict | None = None) -> str:
        values = values or {}

        def fill(match):
            name, converter = match["name"], match["converter"] or "str"
            return str(values.get(name, BY_CONVERTER.get(converter, "x")))

        return "/" + PARAM.sub(fill, self.route)

    def __str__(self) -> str:
        return f"{self.name or '-'} /{self.route}"


def routes(urlconf: str) -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if not isinstance(p.pattern, RoutePattern) and str(p.pattern):
                continue  # a regex route: nothing to fill
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                view = p.callback
                params = {m["name"]: m["converter"] or "str" for m in PARAM.finditer(route)}
                found.append(Route(urlconf, route, p.name, f"{view.__module__}.{view.__name__}", params))

    walk(get_resolver(urlconf).url_patterns, "")
    return found
