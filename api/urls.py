"""Every API route. Each area lists its own routes; this file only mounts them."""

from django.urls import include, path

from api.docs.urls import urlpatterns as docs_routes
from api.me.urls import urlpatterns as me_routes
from api.moderation.abuse_urls import urlpatterns as abuse_routes
from api.moderation.actions_urls import urlpatterns as moderation_routes
from api.moderation.discussion_urls import urlpatterns as dispute_routes
from api.read.urls import legacy_urlpatterns as legacy_routes
from api.read.urls import urlpatterns as read_routes
from api.write.urls import urlpatterns as write_routes

app_name = "api"

urlpatterns = [
    path(
        "api/v1/",
        include(
            read_routes
            + write_routes
            + moderation_routes
            + dispute_routes
            + abuse_routes
            + me_routes
        ),
    ),
    path("api/", include(legacy_routes + docs_routes)),
]
