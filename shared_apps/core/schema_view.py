"""The OpenAPI schema, generated and rendered once per process (it only changes on deploy).

drf-spectacular walks every view on each request (0.5–1 s here) and rendering it as YAML costs
another ~0.4 s; the schema it serves is public (SERVE_PUBLIC) and depends only on the URL conf,
the API version, the language of its descriptions and the format asked for, so those key an
in-process cache of the rendered bytes.
"""

from typing import ClassVar

from django.http import HttpResponse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView


class CachedSchemaView(SpectacularAPIView):
    _rendered: ClassVar[dict] = {}

    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request, *args, **kwargs):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (self.urlconf, version, get_language(), request.accepted_media_type)
        if key not in self._rendered:
            response = super().get(request, *args, **kwargs)
            response.accepted_renderer, response.accepted_media_type = request.accepted_renderer, key[3]
            response.renderer_context = self.get_renderer_context()
            response.render()
            self._rendered[key] = (response.content, response["Content-Type"], response["Content-Disposition"])
        content, content_type, disposition = self._rendered[key]
        return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})
