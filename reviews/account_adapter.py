"""The site's allauth adapter: allauth sees a client's address only as a keyed hash.

allauth keys its rate limits (log-in failures, sign-ups, password resets) by the client's
address, in the cache, as ``allauth:rl:<action>:<rate>:ip:<address>``. Here the address is
the one ``reviews.http.client_ip`` trusts (REMOTE_ADDR, or X-Forwarded-For as far as the
deployment's proxies vouch for it), grouped like allauth groups IPv6 (its /64 network), and
then HMAC-hashed with the fingerprint secret: one client keeps one rate-limit counter, and
neither the cache nor anything else allauth records holds the raw address.
"""

from __future__ import annotations

import ipaddress

from allauth import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter

from reviews.http import client_ip
from reviews.services.fingerprints import keyed_hash


def rate_limit_network(ip: str) -> str:
    """The address allauth would count by: an IPv6 address as its network, else as is."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{address}/{prefix}", strict=False).network_address)
    return str(address)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return keyed_hash("allauth-client", rate_limit_network(client_ip(request)))
