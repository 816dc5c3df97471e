"""The token holder's own data, mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from api.me import views

urlpatterns = [
    path("me/export", views.ExportJsonView.as_view(), name="me-export"),
    path("me/export/reviews.csv", views.ExportCsvView.as_view(), name="me-export-csv"),
]
