"""deploy/nginx.conf under Debian's nginx, on loopback, with only its paths and ports changed.

The project's file is an http-context snippet (docker's nginx image includes it from
conf.d/, a systemd install from /etc/nginx/conf.d/). Here a minimal main configuration
includes it, as Debian's /etc/nginx/nginx.conf would, with every file nginx writes (pid,
logs, temporary bodies) under one directory. Each substitution must match the project's
file exactly once: if the file changes shape, this fails instead of testing something else.
"""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

MAIN_CONF = """\
# Written by tests/stack/nginx.py: the main context Debian's nginx.conf would give.
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/lantern.conf;
}}
"""
MIME_TYPES = ("/etc/nginx/mime.types",)


class NginxConfigError(RuntimeError):
    pass


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )


def ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


def substitutions(*, port: int, upstream_port: int, static_root: Path, prefix: Path) -> list:
    """(pattern, replacement) for each line that names a host, port or path of a real
    installation. The upstream becomes the line marked "systemd" with gunicorn's port."""
    listen6 = f"listen [::1]:{port};" if ipv6_loopback() else "# (no IPv6 loopback here)"
    return [
        (r"server web:8000;", f"server 127.0.0.1:{upstream_port};"),
        (r"listen 80;", f"listen 127.0.0.1:{port};"),
        (r"listen \[::\]:80;", listen6),
        (r"alias /srv/lantern/static/;", f"alias {static_root}/;"),
        (r"/var/log/nginx/access\.log", f"{prefix}/access.log"),
    ]


def render(source: str, **kwargs) -> str:
    text = source
    for pattern, replacement in substitutions(**kwargs):
        text, count = re.subn(pattern, lambda _m, r=replacement: r, text)
        if count != 1:
            raise NginxConfigError(
                f"deploy/nginx.conf: expected exactly one {pattern!r}, found {count}; "
                "update tests/stack/nginx.py along with the file"
            )
    return text


def write_config(
    *, source: Path, prefix: Path, port: int, upstream_port: int, static_root: Path
) -> Path:
    """Write the main configuration and the rendered project file; returns the main one."""
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    mime_types = next((m for m in MIME_TYPES if Path(m).exists()), None)
    if mime_types is None:
        raise NginxConfigError("no /etc/nginx/mime.types: is Debian's nginx installed?")
    rendered = render(
        source.read_text(),
        port=port,
        upstream_port=upstream_port,
        static_root=static_root,
        prefix=prefix,
    )
    (prefix / "lantern.conf").write_text(rendered)
    main = prefix / "nginx.conf"
    main.write_text(MAIN_CONF.format(prefix=prefix, mime_types=mime_types))
    return main


def command(nginx: str, *, prefix: Path, config: Path, test: bool = False) -> list[str]:
    """nginx in the foreground (or, with `test`, only checking the configuration)."""
    return [nginx, "-p", f"{prefix}/", "-c", str(config), "-g", "daemon off;", *(["-t"] * test)]
