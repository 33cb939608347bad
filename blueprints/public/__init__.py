"""What citizens see: home, sections, articles, intro pages, search."""
from flask import Blueprint

bp = Blueprint("public", __name__)

from . import routes  # noqa: E402,F401
