"""Illustrations for the demo, drawn by code (no download, no photo of real people or places).

Each picture is a flat drawing of a scene a commune's news often shows — rice
fields, the commune hall, a village road, a meeting — stored in the media
library like any upload (so it gets its 320 and 800 px copies) and put at the
top of a few demo articles with a caption saying it is an illustration.
"""
from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw

from ..library import Library
from ..vnformat import fold

WIDTH, HEIGHT = 1200, 750
CAPTION = "Ảnh minh họa do trang tạo cho dữ liệu mẫu, không phải ảnh chụp thực tế."

SKY, SKY_LOW = (150, 200, 235), (215, 236, 248)
GREEN, GREEN_DARK, GREEN_LIGHT = (92, 160, 72), (56, 120, 52), (150, 196, 96)
RED, YELLOW, WALL, ROOF, ROAD = (200, 30, 36), (250, 205, 60), (245, 228, 190), (170, 70, 50), (120, 120, 124)


def _sky(draw: ImageDraw.ImageDraw, horizon: int) -> None:
    for y in range(horizon):
        t = y / max(1, horizon - 1)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(SKY, SKY_LOW, strict=True)))


def _tree(draw: ImageDraw.ImageDraw, x: int, ground: int, size: int) -> None:
    draw.rectangle([x - size // 10, ground - size, x + size // 10, ground], fill=(110, 80, 50))
    draw.ellipse([x - size // 2, ground - size * 2, x + size // 2, ground - size // 2], fill=GREEN_DARK)


def _flag(draw: ImageDraw.ImageDraw, x: int, top: int) -> None:
    draw.line([(x, top), (x, top + 170)], fill=(90, 90, 90), width=5)
    draw.rectangle([x + 2, top, x + 110, top + 70], fill=RED)
    cx, cy, r = x + 56, top + 35, 20  # the five-pointed star
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=YELLOW)


def rice_fields(rng: random.Random) -> Image.Image:
    """Return rice fields under the sky, a row of trees and the sun."""
    img = Image.new("RGB", (WIDTH, HEIGHT), GREEN)
    draw = ImageDraw.Draw(img)
    horizon = 300
    _sky(draw, horizon)
    draw.ellipse([930, 60, 1050, 180], fill=(255, 220, 120))
    for x in range(30, WIDTH, 90):
        _tree(draw, x + rng.randint(-10, 10), horizon + 10, rng.randint(40, 60))
    for i, y in enumerate(range(horizon + 10, HEIGHT, 36)):
        draw.rectangle([0, y, WIDTH, y + 30], fill=GREEN_LIGHT if i % 2 else GREEN)
        for x in range(rng.randint(0, 30), WIDTH, 28):
            draw.line([(x, y + 26), (x + 4, y + 8)], fill=GREEN_DARK, width=3)
    return img


def commune_hall(rng: random.Random) -> Image.Image:
    """Return a two-storey public building with columns, a flag and a yard."""
    img = Image.new("RGB", (WIDTH, HEIGHT), (200, 200, 196))
    draw = ImageDraw.Draw(img)
    ground = 560
    _sky(draw, ground)
    draw.rectangle([0, ground, WIDTH, HEIGHT], fill=(200, 196, 186))
    draw.rectangle([260, 300, 940, ground], fill=WALL)
    draw.polygon([(230, 300), (600, 190), (970, 300)], fill=ROOF)
    for x in range(300, 920, 80):
        draw.rectangle([x, 330, x + 40, 390], fill=(120, 170, 210))
        draw.rectangle([x, 430, x + 40, 500], fill=(120, 170, 210))
    for x in range(280, 940, 110):
        draw.rectangle([x, 400, x + 14, ground], fill=(255, 250, 240))
    draw.rectangle([550, 470, 650, ground], fill=(140, 90, 50))
    _flag(draw, 600, 20)
    for x in (120, 1080):
        _tree(draw, x, ground + 10, rng.randint(70, 90))
    return img


def village_road(rng: random.Random) -> Image.Image:
    """Return a concrete village road between fields and houses, going to the horizon."""
    img = Image.new("RGB", (WIDTH, HEIGHT), GREEN)
    draw = ImageDraw.Draw(img)
    horizon = 320
    _sky(draw, horizon)
    draw.polygon([(560, horizon), (640, horizon), (1000, HEIGHT), (200, HEIGHT)], fill=ROAD)
    for y in range(horizon + 20, HEIGHT, 60):
        t = (y - horizon) / (HEIGHT - horizon)
        draw.line([(600, y), (600, y + 25 * t + 5)], fill=(250, 250, 250), width=max(1, round(6 * t)))
    for side in (-1, 1):
        for i in range(6):
            t = (i + 1) / 7
            x = 600 + side * (60 + 520 * t)
            _tree(draw, round(x), round(horizon + (HEIGHT - horizon) * t * 0.8), round(30 + 60 * t))
    for x in (80, 980):
        draw.rectangle([x, horizon - 60, x + 140, horizon + 20], fill=WALL)
        draw.polygon([(x - 15, horizon - 60), (x + 70, horizon - 110), (x + 155, horizon - 60)], fill=ROOF)
    return img


def meeting(rng: random.Random) -> Image.Image:
    """Return a meeting hall seen from the back rows: a stage with a red backdrop and rows of people."""
    img = Image.new("RGB", (WIDTH, HEIGHT), (236, 228, 214))
    draw = ImageDraw.Draw(img)
    draw.rectangle([120, 60, 1080, 330], fill=RED)
    draw.rectangle([160, 100, 1040, 140], fill=YELLOW)
    draw.rectangle([80, 330, 1120, 400], fill=(150, 100, 60))
    draw.rectangle([360, 280, 840, 330], fill=(250, 250, 250))  # the presiding table
    for x in range(400, 820, 90):
        draw.ellipse([x, 238, x + 36, 274], fill=(60, 45, 35))
    for row, y in enumerate(range(430, HEIGHT, 80)):
        offset = 40 if row % 2 else 0
        for x in range(40 + offset, WIDTH, 90):
            shirt = rng.choice([(250, 250, 250), (70, 110, 170), (250, 250, 250), (60, 130, 90)])
            draw.rounded_rectangle([x, y + 30, x + 64, y + 90], radius=18, fill=shirt)
            draw.ellipse([x + 14, y, x + 50, y + 36], fill=(50, 38, 30))
    return img


def harvest(rng: random.Random) -> Image.Image:
    """Return ripe golden rice fields with stacked sheaves and conical hats of the harvesters."""
    img = Image.new("RGB", (WIDTH, HEIGHT), (226, 190, 70))
    draw = ImageDraw.Draw(img)
    horizon = 280
    _sky(draw, horizon)
    for x in range(20, WIDTH, 120):
        _tree(draw, x + rng.randint(-15, 15), horizon + 8, rng.randint(40, 55))
    for i, y in enumerate(range(horizon + 10, HEIGHT, 40)):
        draw.rectangle([0, y, WIDTH, y + 34], fill=(236, 200, 80) if i % 2 else (214, 176, 58))
    for x in range(120, WIDTH - 80, 260):
        y = rng.randint(470, 600)
        draw.polygon([(x, y + 80), (x + 30, y), (x + 60, y + 80)], fill=(190, 150, 50))  # a sheaf
        hx = x + 110
        draw.rounded_rectangle([hx, y + 20, hx + 50, y + 90], radius=14, fill=(70, 110, 170))
        draw.polygon([(hx - 20, y + 22), (hx + 25, y - 18), (hx + 70, y + 22)], fill=(240, 225, 180))  # nón lá
    return img


def sports_day(rng: random.Random) -> Image.Image:
    """Return a village sports ground: a running track, bunting of flags and a crowd along the side."""
    img = Image.new("RGB", (WIDTH, HEIGHT), GREEN)
    draw = ImageDraw.Draw(img)
    horizon = 260
    _sky(draw, horizon)
    draw.ellipse([150, 380, 1050, 720], outline=(200, 90, 60), width=36)
    for x in range(0, WIDTH, 60):  # bunting
        colour = rng.choice([RED, YELLOW, (70, 110, 170), (250, 250, 250)])
        draw.polygon([(x, 90), (x + 60, 90), (x + 30, 140)], fill=colour)
    draw.line([(0, 90), (WIDTH, 90)], fill=(80, 80, 80), width=3)
    for x in range(20, WIDTH, 46):
        shirt = rng.choice([(250, 250, 250), RED, (70, 110, 170), (60, 130, 90)])
        draw.rounded_rectangle([x, horizon + 40, x + 34, horizon + 90], radius=10, fill=shirt)
        draw.ellipse([x + 7, horizon + 12, x + 27, horizon + 40], fill=(50, 38, 30))
    _flag(draw, 1080, 150)
    return img


# Words of a title (folded) -> the drawing that illustrates it; the first match wins.
THEMES: list[tuple[tuple[str, ...], Callable[[random.Random], Image.Image], str]] = [
    (("hoi nghi", "tong ket", "ky niem", "dai doan ket"), meeting,
     "Hình vẽ minh họa: hội trường với phông đỏ và đại biểu ngồi dự"),
    (("nong thon", "giao thong", "du lich", "di tich"), village_road,
     "Hình vẽ minh họa: đường bê tông liên thôn giữa hàng cây và nhà dân"),
    (("dat dai", "phap luat", "phong chay", "tuyen truyen"), rice_fields,
     "Hình vẽ minh họa: cánh đồng lúa và hàng cây dưới nắng"),
    (("thu tuc", "mot cua", "chuyen doi so", "truc tuyen", "hoat dong"), commune_hall,
     "Hình vẽ minh họa: trụ sở Ủy ban nhân dân xã với lá cờ đỏ sao vàng"),
]


def _jpeg(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def figure(src: str, alt: str) -> str:
    """Return the body's figure of an illustration, captioned as one."""
    return f'<figure><img src="{src}" alt="{alt}"><figcaption>{CAPTION}</figcaption></figure>'


def draw_illustrations(library: Library, titles: list[str], limit: int = 12) -> dict[str, str]:
    """Store one drawing per theme in the library and return, for up to ``limit`` titles whose words
    match a theme, the figure to put at the top of that article's body."""
    rng = random.Random(20230622)  # the same drawings on every install
    stored: dict[str, tuple[str, str]] = {}
    out: dict[str, str] = {}
    for title in titles:
        if len(out) >= limit:
            break
        words = fold(title)
        for keys, draw_scene, alt in THEMES:
            if any(k in words for k in keys):
                if draw_scene.__name__ not in stored:
                    record = library.add_upload(_jpeg(draw_scene(rng)), f"minh-hoa-{draw_scene.__name__}.jpg",
                                                alt=alt)
                    stored[draw_scene.__name__] = (f"/tep/{record['name']}", alt)
                src, text = stored[draw_scene.__name__]
                out[title] = figure(src, text)
                break
    return out


# The demo's two albums: title, description, scenes in order, each with its caption.
ALBUMS: list[tuple[str, str, int, list[tuple[Callable[[random.Random], Image.Image], str]]]] = [
    ("Hình ảnh xây dựng nông thôn mới", "Một số hình vẽ minh họa về đường làng, đồng ruộng và trụ sở xã "
     "(dữ liệu mẫu, không phải ảnh chụp thực tế).", 12,
     [(village_road, "Hình vẽ minh họa: đường bê tông liên thôn giữa hàng cây và nhà dân"),
      (rice_fields, "Hình vẽ minh họa: cánh đồng lúa và hàng cây dưới nắng"),
      (harvest, "Hình vẽ minh họa: bà con gặt lúa chín vàng trên cánh đồng"),
      (commune_hall, "Hình vẽ minh họa: trụ sở Ủy ban nhân dân xã với lá cờ đỏ sao vàng")]),
    ("Hội nghị và ngày hội thể thao của xã", "Hình vẽ minh họa các hoạt động của xã trong tháng "
     "(dữ liệu mẫu, không phải ảnh chụp thực tế).", 5,
     [(meeting, "Hình vẽ minh họa: hội trường với phông đỏ và đại biểu ngồi dự"),
      (sports_day, "Hình vẽ minh họa: sân thể thao của xã với cờ đuôi nheo và người dân cổ vũ"),
      (commune_hall, "Hình vẽ minh họa: trụ sở Ủy ban nhân dân xã với lá cờ đỏ sao vàng")]),
]


def draw_album_pictures(library: Library) -> list[tuple[str, str, int, list[dict]]]:
    """Return the demo albums (title, description, days ago, pictures ``{"name", "caption"}``), reusing the
    drawings already in the library and storing the missing ones."""
    rng = random.Random(20240915)
    by_file = {r["original"]: r["name"] for r in library.all()}
    out = []
    for title, description, days_ago, scenes in ALBUMS:
        pictures = []
        for draw_scene, caption in scenes:
            original = f"minh-hoa-{draw_scene.__name__}.jpg"
            if original not in by_file:
                by_file[original] = library.add_upload(_jpeg(draw_scene(rng)), original, alt=caption)["name"]
            pictures.append({"name": by_file[original], "caption": caption})
        out.append((title, description, days_ago, pictures))
    return out
