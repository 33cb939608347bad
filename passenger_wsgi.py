"""WSGI entry for shared hosts (cPanel/DirectAdmin "Setup Python App", Phusion Passenger).

Passenger imports this file and serves ``application``; several processes may
run it at once and be killed at any moment (the store is built for that).
The data folder is ./data unless TRANGXA_DATA_DIR says otherwise.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from app import create_app  # noqa: E402

application = create_app()
