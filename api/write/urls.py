"""Write routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from api.write import views, votes

urlpatterns = [
    path("reviews", views.ReviewCreateView.as_view(), name="review-create"),
    path("reviews/<int:review_id>", views.ReviewUpdateView.as_view(), name="review-update"),
    path("reviews/<int:review_id>/flags", views.FlagCreateView.as_view(), name="review-flags"),
    path("reviews/<int:review_id>/helpful", votes.HelpfulVoteView.as_view(), name="review-helpful"),
]
