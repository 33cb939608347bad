"""What every response carries: security headers and CSP, caching, compression, versioned static URLs; the proxies."""
from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import host_is_trusted

from core.sanitize import IFRAME_HOSTS


class _BaseUrl:
    """Make every request look as if it came to BASE_URL (scheme, host, sub-path).

    Absolute links (feeds, the sitemap, share cards, og:url) then name the public address, whatever
    Host, X-Forwarded-Host or X-Forwarded-Prefix a client or a proxy passed. A request for a host
    outside TRUSTED_HOSTS is passed on as it came, so that Flask's own check refuses it (400).
    """

    def __init__(self, wsgi_app, base_url: str, trusted_hosts: list[str] | None):
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"BASE_URL phải có dạng https://ten-mien[/duong-dan], không phải {base_url!r}")
        self.wsgi_app, self.scheme, self.host, self.prefix = wsgi_app, parts.scheme, parts.netloc, parts.path
        self.hostname = parts.hostname or ""
        self.trusted_hosts = trusted_hosts

    def __call__(self, environ, start_response):
        if self.trusted_hosts and not host_is_trusted(environ.get("HTTP_HOST"), self.trusted_hosts):
            return self.wsgi_app(environ, start_response)
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        path = environ.get("PATH_INFO", "")
        if self.prefix and not environ.get("SCRIPT_NAME") and (path == self.prefix
                                                                or path.startswith(self.prefix + "/")):
            environ["PATH_INFO"] = path[len(self.prefix):] or "/"
        environ["SCRIPT_NAME"] = self.prefix  # the public sub-path, never a forwarded one
        return self.wsgi_app(environ, start_response)


# Files that are the same for everyone: no session cookie is read or refreshed for them, so no "Vary: Cookie".
SHARED_FILE_ENDPOINTS = frozenset({"static", "public.upload", "public.share_card"})


class _SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS; leave shared files out of sessions."""

    def get_cookie_secure(self, app):
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure

    def save_session(self, app, session, response):
        # Flask-Login peeks at the session after every request, which would add "Vary: Cookie" to a stylesheet
        # and keep browsers and proxies from sharing one cached copy of it.
        if request.endpoint in SHARED_FILE_ENDPOINTS and not session.modified:
            return
        super().save_session(app, session, response)


def install_proxies(app: Flask) -> None:
    """Wrap the app for BASE_URL, TRUSTED_HOSTS and the proxies in front of it (PROXY_COUNT); set the cookie rules."""
    if app.config.get("BASE_URL"):
        app.wsgi_app = base = _BaseUrl(app.wsgi_app, app.config["BASE_URL"], app.config.get("TRUSTED_HOSTS"))
        if base.trusted_hosts and not host_is_trusted(base.hostname, base.trusted_hosts):
            # The public host is trusted: what the middleware lets through carries it, and Flask checks again.
            app.config["TRUSTED_HOSTS"] = base.trusted_hosts = [*base.trusted_hosts, base.hostname]
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        # Client address, scheme, host and sub-path come from the proxy's headers, and only
        # because a setting says how many proxies there are: otherwise anyone could forge them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
    app.session_interface = _SessionInterface()


CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",  # no inline scripts anywhere
    "style-src 'self' 'unsafe-inline'",  # article bodies keep cleaned style attributes (text-align …)
    "img-src 'self' data: https:",  # pictures of other sites only over HTTPS (imported ones are copied here)
    "frame-src " + " ".join(f"https://{h}" for h in sorted(IFRAME_HOSTS)),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])


# Features no page of the site uses: a page (or an embedded frame) cannot ask for them. The motion sensors
# stay allowed: an embedded YouTube player asks for them, and a refusal would fill the console with errors.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid", "midi",
    "browsing-topics"))
HSTS = "max-age=31536000"  # a year; sent only over HTTPS (browsers ignore it over HTTP anyway)

COMPRESSED_TYPES = ("text/html", "text/css", "text/plain", "text/xml", "text/javascript", "application/javascript",
                    "application/json", "application/xml", "application/rss+xml", "image/svg+xml")


def install_compression(app: Flask) -> None:
    """Compress text responses (brotli, else gzip) for clients that accept it; register before the caching rules."""
    app.config.setdefault("COMPRESS_MIMETYPES", list(COMPRESSED_TYPES))
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_STREAMS", False)  # downloads, documents and media are sent as they are
    app.config["COMPRESS_REGISTER"] = False  # registered below, so that it runs after the ETag is set
    compress = Compress(app)

    @app.after_request
    def compressed(response):
        if response.status_code == 206 or "Content-Range" in response.headers:
            return response  # a byte range of the file as stored: compressing it would break the range
        if (request.endpoint == "static" and response.direct_passthrough and response.status_code == 200
                and response.mimetype in COMPRESSED_TYPES):
            # site.css and site.js are streamed from disk: read them (small) so they can be compressed.
            response.direct_passthrough = False
            response.make_sequence()
        return compress.after_request(response)


def install_headers(app: Flask) -> None:
    """Add versioned static URLs, caching rules, compression and the security headers to every response."""
    static_versions: dict[str, str] = {}
    install_compression(app)  # after_request functions run last-registered first: this one runs after caching

    @app.url_defaults
    def static_version(endpoint, values):
        # /static/x.css?v=<mtime>: the file can be cached for a year, a new version gets a new URL.
        if endpoint == "static" and "filename" in values and "v" not in values:
            name = values["filename"]
            if name not in static_versions:
                try:
                    static_versions[name] = str(int(os.path.getmtime(os.path.join(app.static_folder, name))))
                except OSError:
                    static_versions[name] = "0"
            values["v"] = static_versions[name]

    @app.after_request
    def caching(response):
        if request.endpoint == "static" and request.args.get("v"):
            # A new version gets a new URL: no revalidation ("no-cache" made browsers ask on every page).
            response.cache_control.no_cache = False
            response.cache_control.public = True
            response.cache_control.max_age = 365 * 24 * 3600
            response.cache_control.immutable = True
        elif (request.blueprint in ("editor", "auth")) or response.status_code >= 400:
            response.cache_control.no_store = True  # the panel's pages are private
        elif request.method in ("GET", "HEAD") and response.status_code == 200 and not response.direct_passthrough \
                and response.mimetype in ("text/html", "application/rss+xml", "application/xml", "text/plain",
                                          "application/json"):
            # Public pages: an ETag lets a phone on a slow link get "304 Not Modified" instead of the page.
            response.add_etag()
            response.cache_control.no_cache = True  # revalidate each time: content may change any minute
            response.make_conditional(request)
        return response

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.is_secure:  # over HTTPS, directly or through a proxy the settings trust (PROXY_COUNT)
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
