"""The OpenAPI schema and the page that shows it, both served by Lantern itself.

Swagger UI's files come from the drf-spectacular-sidecar package through Django's static
files (SPECTACULAR_SETTINGS "SIDECAR"), so the docs page loads nothing from a CDN.
"""

import json

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.docs.guide import GUIDE

# Swagger UI's own defaults, minus the one that reaches out: with a validator URL set it
# sends the schema to validator.swagger.io and shows that site's badge.
SWAGGER_UI_SETTINGS = {
    "deepLinking": True,
    "validatorUrl": None,
    "displayRequestDuration": True,
    "docExpansion": "list",
    "defaultModelsExpandDepth": 0,
}


class SchemaView(SpectacularAPIView):
    """OpenAPI 3 schema: YAML by default, JSON with `?format=json` (or by Accept)."""

    custom_settings = {"DESCRIPTION": GUIDE}


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, the page and its start-up script (`?script`) apart: the page has no
    inline script or style, as the Content-Security-Policy requires."""

    url_name = "api:schema"
    title = "Lantern API"
    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if "settings" in response.data:  # the script
            response.data["settings"] = json.dumps(SWAGGER_UI_SETTINGS, indent=2)
        return response
