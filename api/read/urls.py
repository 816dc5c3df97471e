urlpatterns: list = []
legacy_urlpatterns: list = []
