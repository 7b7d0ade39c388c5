"""Outgoing webhook calls must not become a way into the server's own network (SSRF).

Rules: only ``https`` URLs without user name or password; the host name is resolved and EVERY
address it resolves to must be public (no loopback, private, link-local, multicast, reserved or
unspecified address, and no IPv4 address hidden in IPv6) unless it lies in
``settings.WEBHOOK_ALLOWED_NETWORKS`` (an operator's choice; the tests allow 127.0.0.1/32).

The check runs when the lead saves the form (a field error) and again at every delivery. At
delivery the connection is *pinned* to the address that was checked: ``PinnedAdapter`` makes
``requests`` connect to that IP address while it sends the real host name as SNI and ``Host``
and checks the certificate against the host name. So a name that resolves to a public address
when checked and to 10.0.0.1 a moment later (DNS rebinding) cannot slip through: there is no
second look-up. Redirects are never followed (a public URL could redirect inward).
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter


@dataclass(frozen=True)
class Target:
    """A checked URL: the host name, the port and the one address to connect to."""

    hostname: str
    port: int
    address: str
    path: str  # path and query, as sent

    @property
    def pinned_url(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"https://{host}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        return self.hostname if self.port == 443 else f"{self.hostname}:{self.port}"


def _allowed_networks() -> list:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in settings.WEBHOOK_ALLOWED_NETWORKS]


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks() if network.version == ip.version):
        return True
    return ip.is_global and not (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def check_url(url: str) -> Target:
    """The checked target of ``url``, or a ValidationError keyed ``url`` saying why not."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValidationError({"url": _("Use an address that starts with https://.")})
    if not parts.hostname or parts.username or parts.password:
        raise ValidationError({"url": _("Enter a complete web address without a user name or password.")})
    try:
        port = parts.port or 443
    except ValueError:
        raise ValidationError({"url": _("The port number in this address is not valid.")}) from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ValidationError({"url": _("This host name cannot be found.")}) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses or not all(address_allowed(a) for a in addresses):
        raise ValidationError(
            {"url": _("This address points into a private or local network. Use a public https address.")}
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(hostname=parts.hostname, port=port, address=addresses[0], path=path)


class PinnedAdapter(HTTPAdapter):
    """Connect to the checked address; SNI, Host and the certificate check use the host name."""

    def __init__(self, target: Target):
        self.target = target
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = self.target.hostname
        kwargs["assert_hostname"] = self.target.hostname
        super().init_poolmanager(*args, **kwargs)
