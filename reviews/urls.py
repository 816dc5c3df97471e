from django.urls import path

from reviews.views import pages, writing

app_name = "reviews"

urlpatterns = [
    path("", pages.home, name="home"),
    path("r/<slug:platform>/<str:external_id>/", pages.requester_detail, name="requester_detail"),
    path("reviews/new/", writing.review_new, name="review_new"),
    path("reviews/mine/", writing.my_reviews, name="my_reviews"),
    path("reviews/<int:review_id>/", pages.review_detail, name="review_detail"),
    path("reviews/<int:review_id>/edit/", writing.review_edit, name="review_edit"),
    path("reviews/<int:review_id>/withdraw/", writing.review_withdraw_view, name="review_withdraw"),
]
