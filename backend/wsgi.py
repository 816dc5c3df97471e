import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django_application = get_wsgi_application()

# Anonymous score lookups are answered in front of Django; everything else goes through it.
from api.read.fast_lookup import ScoreLookupFastPath  # noqa: E402  needs Django set up

application = ScoreLookupFastPath(django_application)
