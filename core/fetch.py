"""Fetching a feed or a picture from another site: http(s) only, a timeout, a size cap, no private addresses.

A feed is written by someone else, so every address in it is untrusted: the
server must not be made to probe its own network. The address a connection
really reached is checked after connecting (and before anything is sent), so
a name that resolves differently the second time cannot slip past; every
redirect is checked the same way, and only to http or https. No proxy from
the environment is used.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial
from urllib.parse import urljoin, urlsplit

from .uploads import size_label

MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FetchError(Exception):
    """A remote file could not be fetched; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class FetchRules:
    """How remote files are fetched: the wait allowed and whether private networks may be reached."""

    timeout: float = 10.0  # seconds per connection step; a whole download gets four times this
    allow_private: bool = False  # loopback and private networks: for tests, or an intranet portal
    user_agent: str = "TrangXa/1.0 (nhap du lieu)"


def _refused_address(host: str) -> bool:
    ip = ipaddress.ip_address(host.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
            or ip.is_unspecified)


class _CheckedPeer(http.client.HTTPConnection):
    """A connection that refuses, once connected, a peer on a private network (unless allowed)."""

    def __init__(self, *args, allow_private: bool = False, **kwargs):
        self.allow_private = allow_private
        super().__init__(*args, **kwargs)

    def connect(self):
        super().connect()
        if not self.allow_private and _refused_address(self.sock.getpeername()[0]):
            self.sock.close()
            raise FetchError("địa chỉ thuộc mạng nội bộ, không được phép tải")


class _CheckedHTTPS(http.client.HTTPSConnection, _CheckedPeer):
    """HTTPS whose plain connection is checked before the TLS handshake (HTTPSConnection calls super().connect)."""


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool):
        super().__init__()
        self.allow_private = allow_private

    def http_open(self, req):
        return self.do_open(partial(_CheckedPeer, allow_private=self.allow_private), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool):
        super().__init__(context=ssl.create_default_context())
        self.allow_private = allow_private

    def https_open(self, req):
        return self.do_open(partial(_CheckedHTTPS, allow_private=self.allow_private), req, context=self._context)


_BAD_REDIRECT = "chuyển hướng tới một địa chỉ không phải http/https"


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("location") or headers.get("uri") or ""
        try:
            scheme = urlsplit(urljoin(req.full_url, target)).scheme
        except ValueError:
            scheme = ""
        if scheme not in ("http", "https"):
            raise FetchError(_BAD_REDIRECT)  # said plainly (urllib would answer "HTTP Error 302")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(_BAD_REDIRECT)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(rules: FetchRules) -> urllib.request.OpenerDirector:
    """Return an opener with http, https and redirects only (no file:, ftp:, data: or proxies)."""
    opener = urllib.request.OpenerDirector()
    for handler in (_HTTP(rules.allow_private), _HTTPS(rules.allow_private), _Redirects(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor(),
                    urllib.request.UnknownHandler()):
        opener.add_handler(handler)
    return opener


def fetch(url: str, max_bytes: int, rules: FetchRules = FetchRules()) -> bytes:
    """Return the bytes at ``url`` (at most ``max_bytes``); raise FetchError saying why not, in Vietnamese."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError("địa chỉ không hợp lệ") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("chỉ tải được địa chỉ http:// hoặc https://")
    request = urllib.request.Request(url, headers={"User-Agent": rules.user_agent, "Accept": "*/*"})
    too_large = f"tệp quá lớn (tối đa {size_label(max_bytes)})"
    deadline = time.monotonic() + 4 * rules.timeout
    try:
        with _opener(rules).open(request, timeout=rules.timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(too_large)
            chunks, size = [], 0
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(too_large)
                if time.monotonic() > deadline:
                    raise FetchError(f"tải quá lâu (quá {4 * rules.timeout:.0f} giây)")
                chunks.append(chunk)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"máy chủ trả lời mã lỗi {exc.code}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, FetchError):
            raise exc.reason from None
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"quá thời gian chờ ({rules.timeout:.0f} giây)") from None
        if isinstance(exc.reason, socket.gaierror):
            raise FetchError("không tìm thấy tên miền") from None
        raise FetchError("không kết nối được tới máy chủ") from None
    except TimeoutError:
        raise FetchError(f"quá thời gian chờ ({rules.timeout:.0f} giây)") from None
    except (http.client.HTTPException, OSError, ValueError):
        raise FetchError("kết nối bị ngắt hoặc địa chỉ không hợp lệ") from None
    return b"".join(chunks)
