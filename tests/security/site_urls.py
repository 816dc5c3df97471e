"""Every route of the site (not the API, not Django's admin), read from the URL conf, with a
concrete path for each, so a test over "every page" or "every form" cannot forget a new one.

The API is left out on purpose: it is csrf-exempt and authenticates by token only (cookies
never authenticate it, tests/api/), and it answers JSON, never HTML. The admin is Django's own.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

LEFT_OUT = ("api/", "admin/")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" as reverse() takes it
    route: str  # the pattern, for messages
    kwargs: tuple[str, ...]


def _walk(resolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, route, inner)
        elif pattern.name and not route.lstrip("^").startswith(LEFT_OUT):
            yield Route(
                name=namespace + pattern.name,
                route=route,
                kwargs=tuple(sorted(pattern.pattern.regex.groupindex)),
            )


def site_routes() -> list[Route]:
    return list(_walk(get_resolver()))


def concrete_path(route: Route, values: dict[str, list[str]]) -> str:
    """The route's path with the first candidate values its pattern accepts (a regex route
    such as `(?P<action>hide|restore|…)` takes only some)."""
    choices = [values[name] for name in route.kwargs]
    for combination in product(*choices):
        try:
            return reverse(route.name, kwargs=dict(zip(route.kwargs, combination, strict=True)))
        except NoReverseMatch:
            continue
    raise AssertionError(f"no value in {values} fits {route.route}")
