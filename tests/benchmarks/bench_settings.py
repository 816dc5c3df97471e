"""Settings for `make bench-api`: the real settings, with the benchmark's extra views mounted.

Only the URLconf differs, so the no-op view and the naive lookup run behind exactly the
middleware, authentication and database settings the real lookup does.
"""

from backend.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.bench_urls"
