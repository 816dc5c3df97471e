"""The site's URLs plus the two yardsticks `make bench-api` measures the lookup against.

- /bench/noop: a Django view returning a fixed small JSON answer, the floor of the framework
  (and of gunicorn, the middleware and the machine) for any request;
- /bench/naive: the lookup as a first DRF version would be written, a ListAPIView over
  PostgreSQL with a ModelSerializer nesting the score snapshot.

Never part of the real site: only tests/benchmarks/bench_settings.py mounts this module.
"""

from django.http import JsonResponse
from django.urls import path
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from backend.urls import handler403, handler404, handler500  # noqa: F401
from backend.urls import urlpatterns as site_urlpatterns
from reviews.models import Requester, RequesterScore

NOOP_ANSWER = {"ok": True, "service": "lantern"}


def noop(request):
    return JsonResponse(NOOP_ANSWER)


class NaiveScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequesterScore
        fields = ["version", "computed_at", "review_count", "wage_median", "data"]


class NaiveRequesterSerializer(serializers.ModelSerializer):
    platform = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    score = NaiveScoreSerializer(read_only=True)

    class Meta:
        model = Requester
        fields = ["platform", "external_id", "display_name", "score"]


class NaiveLookup(generics.ListAPIView):
    serializer_class = NaiveRequesterSerializer
    pagination_class = None

    def get_queryset(self):
        ids = [i for i in self.request.query_params.get("ids", "").split(",") if i]
        if len(ids) > 100:
            raise ValidationError({"ids": "At most 100 ids."})
        return Requester.objects.filter(
            platform__slug=self.request.query_params.get("platform", "mturk"),
            external_id__in=ids,
        ).select_related("platform", "score")


urlpatterns = [
    path("bench/noop", noop),
    path("bench/naive", NaiveLookup.as_view()),
    *site_urlpatterns,
]
