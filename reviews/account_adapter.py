"""django-allauth's account adapter, with the client's address kept out of its cache keys.

allauth keys its rate limits (log-in failures, sign-ups, password resets, …) by the address
its adapter reports, in the cache ("allauth:rl:…:ip:203.0.113.7"), which is Redis in
production: a raw address would sit there for as long as the limit's window. The adapter
reports a keyed hash of the address instead. The address is the one the fingerprints use
(reviews.http.client_ip: X-Forwarded-For only as far as the trusted proxies go), and an IPv6
address counts by its /64, as allauth itself counts it, so rotating addresses inside one
home's /64 does not reset a limit.
"""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter

from reviews.http import client_ip
from reviews.services.fingerprints import keyed_hash

IPV6_RATE_LIMIT_PREFIX = 64


def client_rate_limit_id(address: str) -> str:
    """The keyed hash that stands for a client address in rate limits (64 hex characters).

    One address, one id; every address of an IPv6 /64, one id; an address that can't be
    parsed hashes as given (it is still not stored in clear)."""
    value = (address or "").strip()
    try:
        parsed = ipaddress.ip_address(value)
    except ValueError:
        parsed = None
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            value = str(parsed.ipv4_mapped)
        else:
            network = ipaddress.IPv6Network(f"{parsed}/{IPV6_RATE_LIMIT_PREFIX}", strict=False)
            value = str(network.network_address)
    elif parsed is not None:
        value = str(parsed)
    return keyed_hash("client", value or "unknown")


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_rate_limit_id(client_ip(request))
