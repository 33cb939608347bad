"""TrangXã: the electronic information page of a commune People's Committee.

``create_app(config=None)`` builds the Flask application; ``python app.py``
runs it locally on http://127.0.0.1:5000 (seeding the demo commune on an
empty data folder and printing a one-time setup link while no account exists).
"""
from __future__ import annotations

from flask import Flask

from blueprints import SERVICES_KEY, csrf, login_manager
from blueprints.auth import bp as auth_bp
from blueprints.cli import register_cli
from blueprints.compiled import share_compiled
from blueprints.config import load_config
from blueprints.editor import bp as editor_bp
from blueprints.errors import register_errors
from blueprints.feeds import bp as feeds_bp
from blueprints.http import install_headers, install_proxies
from blueprints.public import bp as public_bp
from blueprints.serve import main as serve_main
from blueprints.sites import create_province, sites_dir_of
from blueprints.templating import register_template_helpers
from core import timeutil
from core.site import open_site
from core.store import Store


def open_data(config: dict | None = None) -> Flask:
    """Return an app without pages on a data folder: its settings and services (a province reading the figures
    of many communes builds no routes)."""
    app = Flask(__name__, instance_relative_config=True)
    share_compiled(app)
    data_dir = load_config(app, config)
    timeutil.set_zone(app.config["TIME_ZONE"])
    store = Store(data_dir)
    app.secret_key = app.config.get("SECRET_KEY") or store.secret()
    app.extensions[SERVICES_KEY] = open_site(
        store, merge_interval=float(app.config["COUNTER_MERGE_SECONDS"]), time_zone=app.config["TIME_ZONE"],
        seed_demo_data=bool(app.config["SEED_DEMO"]), log=app.logger.warning)
    return app


def create_app(config: dict | None = None) -> Flask:
    """Build the application on a data folder (``config['DATA_DIR']`` in tests); with SITES_DIR (or
    TRANGXA_SITES_DIR), the province's app serving every commune folder under it."""
    sites_dir = sites_dir_of(config)
    if sites_dir:
        return create_province(create_app, sites_dir, config, open_data)
    app = open_data(config)
    install_proxies(app)

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"

    for bp in (auth_bp, editor_bp, feeds_bp, public_bp):
        app.register_blueprint(bp)
    register_template_helpers(app)
    register_errors(app)
    register_cli(app)
    install_headers(app)
    return app


if __name__ == "__main__":
    serve_main(create_app)
