"""The API's own documentation: `/api/schema/` (OpenAPI 3) and `/api/docs/` (Swagger UI)."""

from django.urls import path

from api.docs.views import DocsView, SchemaView

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
]
