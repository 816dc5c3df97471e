"""Network fingerprints: where a write came from, kept only as keyed hashes.

A fingerprint is an HMAC-SHA256, under the server secret ``FINGERPRINT_SECRET``, of the
client's network (its IPv4 /24 or IPv6 /48 prefix, so one household or office keeps one
fingerprint while its router renews the address) and, separately, of its user agent. Without
the secret a hash can't be turned back into an address, not even by trying all 2^24 IPv4
prefixes; raw addresses and user agents are never stored or logged. The abuse detectors only
compare fingerprints (accounts sharing one, representatives' networks). Rows are erased after
``FINGERPRINT_RETENTION_DAYS`` by a beat task.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from reviews.models import NetworkFingerprint, Review

IPV4_PREFIX = 24
IPV6_PREFIX = 48
# User agents are truncated before hashing: anything longer is padding, not identity.
USER_AGENT_MAX_LENGTH = 512


@dataclass(frozen=True)
class Origin:
    """Where a request came from, as the web or API layer saw it; never stored as is."""

    ip: str = ""
    user_agent: str = ""

    def __repr__(self) -> str:
        # Keep raw addresses out of tracebacks and logs that print locals.
        return "Origin(…)"


def network_prefix(ip: str) -> str:
    """The network an address belongs to, as text ("203.0.113.0/24"); "" when unparseable.

    An IPv4 address mapped into IPv6 (``::ffff:203.0.113.7``, as dual-stack servers report
    them) counts as the IPv4 address, so one client has one network whichever way it came.
    """
    value = (ip or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5678"
        value = value.split(":", 1)[0]
    value = value.split("%", 1)[0]  # an IPv6 zone ("fe80::1%eth0")
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def keyed_hash(purpose: str, value: str, *, secret: str | None = None) -> str:
    """64 hex characters: HMAC-SHA256 of ``value`` under the fingerprint secret, with the
    purpose mixed in so a network and a user agent never hash alike."""
    key = (secret if secret is not None else settings.FINGERPRINT_SECRET).encode()
    return hmac.new(key, f"{purpose}\x1f{value}".encode(), hashlib.sha256).hexdigest()


def network_hash(ip: str, *, secret: str | None = None) -> str:
    # An unparseable or missing address still gets a hash, all alike: "unknown network".
    return keyed_hash("network", network_prefix(ip) or "unknown", secret=secret)


def agent_hash(user_agent: str, *, secret: str | None = None) -> str:
    return keyed_hash("agent", (user_agent or "")[:USER_AGENT_MAX_LENGTH], secret=secret)


def fingerprint_record(
    *, user, origin: Origin | None, action: str, review: Review | None = None
) -> NetworkFingerprint | None:
    """Record where a write came from (call inside the write's transaction). Nothing is
    recorded without an origin: writes from management commands or the shell have none."""
    if origin is None:
        return None
    return NetworkFingerprint.objects.create(
        user=user,
        review=review,
        action=action,
        network_hash=network_hash(origin.ip),
        agent_hash=agent_hash(origin.user_agent),
    )


def fingerprints_erase_old(*, now: datetime | None = None, days: int | None = None) -> int:
    """Erase fingerprints older than the retention period; returns how many."""
    days = settings.FINGERPRINT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    # Nothing refers to a fingerprint, so this is one DELETE, whatever the number of rows.
    deleted, _ = NetworkFingerprint.objects.filter(created_at__lt=cutoff).delete()
    return deleted
