"""What the reply, dispute and comment writes share: who may call them, and the body."""

from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from api.throttles import WriteThrottle
from api.write.permissions import CanPost


class Posting(APIView):
    """Posting: a token, a verified e-mail, no suspension."""

    permission_classes = [CanPost]
    throttle_classes = [WriteThrottle]


class Moderating(APIView):
    """Moderating: a token; the services check the role and that the moderator is no party."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteThrottle]


def parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
