"""What citizens see: home, sections, articles, intro pages, search."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from . import consultation, documents, people, qa, routes, schedule, share, sitemap  # noqa: E402,F401
from . import press, reception  # noqa: E402,F401
from . import budget  # noqa: E402,F401
from . import procedures  # noqa: E402,F401
from . import av  # noqa: E402,F401
from . import albums  # noqa: E402,F401
