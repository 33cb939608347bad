"""Machine-readable views: RSS 2.0 feeds, sitemap.xml, robots.txt, the read-only JSON API."""
from flask import Blueprint

bp = Blueprint("feeds", __name__)

from . import api, routes  # noqa: E402,F401
