"""Banners (panô tuyên truyền) for the home page."""
from __future__ import annotations

from datetime import date

from flask import current_app

from core.uploads import save_image

from . import bp
from blueprints import svc
from .crud import register_crud
from .forms import BannerForm


def _from_form(form: BannerForm, old: dict | None) -> dict:
    values = {name: form[name].data for name in ("title", "alt", "link", "start", "end", "order")}
    values["image"] = old.get("image") if old else None
    upload = form.image.data
    if upload and getattr(upload, "filename", ""):
        values["image"] = "pending"
        svc().banners.validate(values)  # every other field first: no orphan file from a bad form
        values["image"] = save_image(svc().store, upload.read(), "image", current_app.config["MAX_IMAGE_BYTES"])
    return values


def _to_form(item: dict) -> dict:
    data = {k: item.get(k) for k in ("title", "alt", "link", "order")}
    for k in ("start", "end"):
        data[k] = date.fromisoformat(item[k]) if item.get(k) else None
    return data


def _period(item: dict) -> str:
    start = "/".join(reversed(item["start"].split("-")))
    end = "/".join(reversed(item["end"].split("-"))) if item.get("end") else "không hạn"
    return f"{start} – {end}"


register_crud(
    bp, name="banners", url="/banner", title="Pa-nô tuyên truyền", item_label="pa-nô",
    records=lambda: svc().banners, form_class=BannerForm,
    columns=[("Tên", lambda b: b["title"]), ("Thời gian hiện", _period), ("Thứ tự", lambda b: b.get("order", 0))],
    to_form=_to_form, from_form=_from_form,
    hint="Pa-nô hiện trên trang chủ trong khoảng thời gian đã chọn, đứng yên (không tự chạy).",
)
