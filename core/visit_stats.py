"""The panel's visitor statistics: the ranges shown, the chart's geometry (a bounded size whatever the data) and
the figures as CSV for a spreadsheet."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

RANGES = (7, 30, 365)
DEFAULT_RANGE = 30
# The chart's drawing box in px: its size never depends on the data (one day of data drew a 4,800 px bar once).
CHART_WIDTH = 720
PLOT_HEIGHT = 160
LABEL_HEIGHT = 22
MAX_TICKS = 8
# A cell starting with one of these is read as a formula by a spreadsheet: such text is prefixed with '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def range_days(value: object) -> int:
    """Return the range asked for (7, 30 or 365 days), else the default."""
    text = str(value or "")
    return int(text) if text.isdigit() and int(text) in RANGES else DEFAULT_RANGE


def last_days(daily: list[dict], today: date, days: int) -> list[dict]:
    """Return the last ``days`` calendar days up to today, oldest first, a day with no visit as zero."""
    by_day = {d["day"]: d for d in daily}
    out = []
    for back in range(days - 1, -1, -1):
        day = (today - timedelta(days=back)).isoformat()
        out.append(by_day.get(day) or {"day": day, "visits": 0, "hits": 0})
    return out


def dmy(day: str) -> str:
    """Return YYYY-MM-DD as dd/mm/yyyy."""
    return f"{day[8:10]}/{day[5:7]}/{day[:4]}"


def chart(rows: list[dict], key: str = "visits") -> dict:
    """Return the bars and labels of a bar chart of ``rows`` in a fixed box: the tallest bar fills the plot height,
    the others in proportion; at most MAX_TICKS labels, each with its year."""
    n = max(len(rows), 1)
    step = CHART_WIDTH / n
    peak = max((int(r.get(key, 0) or 0) for r in rows), default=0)
    gap = min(step * 0.2, 4)
    bars = []
    for i, r in enumerate(rows):
        value = int(r.get(key, 0) or 0)
        h = round(value / peak * PLOT_HEIGHT, 1) if peak else 0
        bars.append({"x": round(i * step + gap / 2, 2), "width": round(max(step - gap, 0.5), 2), "y": PLOT_HEIGHT - h,
                     "height": h, "day": r["day"], "label": dmy(r["day"]), "value": value})
    # The first and last days always labelled, the others evenly between them.
    shown = sorted({round(k * (n - 1) / (MAX_TICKS - 1)) for k in range(MAX_TICKS)}) if n > MAX_TICKS \
        else range(len(rows))
    ticks = [{"x": round(i * step + step / 2, 2), "text": dmy(rows[i]["day"]),
              "anchor": "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"} for i in shown]
    return {"width": CHART_WIDTH, "height": PLOT_HEIGHT + LABEL_HEIGHT, "plot": PLOT_HEIGHT, "bars": bars,
            "ticks": ticks, "peak": peak}


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def figures_csv(rows: list[dict], top: list[dict]) -> bytes:
    """Return the range's figures as CSV (UTF-8 with a BOM, so a spreadsheet reads Vietnamese right): one line a
    day, then the most-read articles; no cell can run as a formula."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Ngày", "Lượt truy cập", "Lượt xem trang"])
    for r in rows:
        w.writerow([dmy(r["day"]), int(r.get("visits", 0) or 0), int(r.get("hits", 0) or 0)])
    w.writerow([])
    w.writerow(["Tin bài được xem nhiều nhất", "Chuyên mục", "Lượt xem trong khoảng thời gian"])
    for t in top:
        w.writerow([_cell(t["title"]), _cell(t.get("section", "")), int(t["views"])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
