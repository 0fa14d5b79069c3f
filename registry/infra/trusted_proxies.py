"""The client's address behind a reverse proxy, trusted only from the proxies the operator names.

Rate limits count per client address. Behind nginx every request comes from the proxy, so the client is in
``X-Forwarded-For``; but anyone can send that header, so it is read only when the request's peer is one of
``REGISTRY_TRUSTED_PROXIES`` (addresses or networks), and then from the right: the last address that is not itself a
trusted proxy is the client (what a client wrote to the left of it is theirs to invent).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> tuple[Network, ...]:
    """``"10.0.0.1, 172.16.0.0/12"`` -> networks; ValueError for anything else."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # not an address: the proxy's word is no better than nothing
    return peer


class TrustedProxies:
    """WSGI middleware: REMOTE_ADDR becomes the client's address when a trusted proxy forwarded the request."""

    def __init__(self, app: Any, networks: tuple[Network, ...]) -> None:
        self.app, self.networks = app, networks

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        peer = environ.get("REMOTE_ADDR", "")
        environ["registry.peer_addr"] = peer
        environ["REMOTE_ADDR"] = client_address(peer, environ.get("HTTP_X_FORWARDED_FOR", ""), self.networks)
        return self.app(environ, start_response)
