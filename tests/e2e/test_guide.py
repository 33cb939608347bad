"""The guide's pictures, taken from the real panel: every step's page is opened, the control the step names
must be there (the test fails otherwise), it is outlined and the screen is kept as the step's picture.

The pictures land in test-artifacts/guide/; with TRANGXA_GUIDE_PICTURES=1 they also replace the guide's own
pictures under static/guide/ (commit them), so the guide shows the panel as it is.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image

from blueprints.editor.guide import picture_name
from blueprints.editor.guide_steps import TASKS

USERNAME, PASSWORD = "huongdan", "Huong-dan-Duong-Quang-2026"
STATIC = Path(__file__).resolve().parents[2] / "static"


def test_every_guide_step_names_a_control_of_its_page_and_gets_its_picture(live_server, browser, artifacts):
    base, app = live_server
    site = app.extensions["trangxa"]
    if not site.accounts.by_username(USERNAME):
        site.accounts.create_user(USERNAME, PASSWORD, "Quản trị hướng dẫn", role="admin")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(base + "/dang-nhap")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    out = artifacts / "guide"
    out.mkdir(exist_ok=True)
    missing, taken = [], 0
    for task in TASKS:
        for number, step in enumerate(task.steps, 1):
            with app.test_request_context():
                from flask import url_for
                path = url_for(step.endpoint, **step.values)
            page.goto(base + path)
            page.wait_for_load_state("load")
            control = page.get_by_role(step.role, name=step.name)
            visible = [control.nth(i) for i in range(control.count()) if control.nth(i).is_visible()]
            if not visible:
                missing.append(f"{task.slug} bước {number}: không có {step.role} “{step.name}” trên {path}")
                continue
            target = visible[0]
            target.scroll_into_view_if_needed()
            target.evaluate("e => { e.style.outline = '4px solid #d4351c'; e.style.outlineOffset = '3px'; }")
            shot = page.screenshot()
            (out / f"{task.slug}-{number}.png").write_bytes(shot)
            if os.environ.get("TRANGXA_GUIDE_PICTURES") == "1":
                small = Image.open(io.BytesIO(shot)).convert("RGB").resize((683, 384), Image.LANCZOS)
                small.quantize(colors=128).save(STATIC / picture_name(task, number), optimize=True)
            taken += 1
    context.close()
    assert not missing, missing
    assert taken == sum(len(t.steps) for t in TASKS)
