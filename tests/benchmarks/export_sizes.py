"""The daily export's two forms side by side, as `make bench-api` reports them: what an
extension downloads (gzip'ed) and what it must parse and keep (the JSON), in bytes per
requester, and the compact form's share of the full one."""

import gzip
import json
from collections.abc import Callable

FULL_PATH = "/api/v1/export/scores.json.gz"
COMPACT_PATH = "/api/v1/export/scores-compact.json.gz"


def export_sizes(base: str, get: Callable[[str], tuple[int, bytes]]) -> dict[str, dict]:
    """{form: {"gzip": bytes, "json": bytes, "requesters": n}} of the served exports."""
    sizes = {}
    for name, path in (("full", FULL_PATH), ("compact", COMPACT_PATH)):
        status, body = get(base + path)
        assert status == 200, (path, status, body[:200])
        document = gzip.decompress(body)
        count = json.loads(document)["requester_count"]
        assert count > 0, (path, "an empty export")
        sizes[name] = {"gzip": len(body), "json": len(document), "requesters": count}
    assert sizes["full"]["requesters"] == sizes["compact"]["requesters"], sizes
    return sizes


def report(sizes: dict[str, dict]) -> str:
    """The table, and a last line `export_ratio_json=… export_ratio_gzip=…` (compact / full)."""
    lines = [f"{'export':<8} {'gzip bytes':>12} {'JSON bytes':>13} {'JSON B/requester':>17}"]
    for name, size in sizes.items():
        per = size["json"] / size["requesters"]
        lines.append(f"{name:<8} {size['gzip']:>12,} {size['json']:>13,} {per:>17,.0f}")
    full, compact = sizes["full"], sizes["compact"]
    ratio_json = compact["json"] / full["json"]
    ratio_gzip = compact["gzip"] / full["gzip"]
    lines.append(f"compact / full: JSON {ratio_json:.3f}, gzip'ed {ratio_gzip:.3f}")
    lines.append(f"export_ratio_json={ratio_json:.3f} export_ratio_gzip={ratio_gzip:.3f}")
    return "\n".join(lines)
