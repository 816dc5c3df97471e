from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
    path("", include("reviews.urls")),
]

handler400 = "reviews.views.errors.bad_request"
handler403 = "reviews.views.errors.permission_denied"
handler404 = "reviews.views.errors.page_not_found"
handler500 = "reviews.views.errors.server_error"
