"""Time each public page of the demo site in-process (median and p95 of 300 requests).

    python bench/demo_pages.py
"""
import statistics
import sys
import tempfile
import time
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from app import create_app
app = create_app({"DATA_DIR": tempfile.mkdtemp(), "SEED_DEMO": True})
c = app.test_client()
content = app.extensions["trangxa"].content
a = content.latest(None, 1)[0]
pages = {"home /": "/", "section /chuyen-doi-so": "/chuyen-doi-so",
         "article": f"/{content.section(a['section_id'])['slug']}/{a['slug']}",
         "search /tim-kiem?q=chuyen+doi+so": "/tim-kiem?q=chuyen+doi+so", "documents /van-ban": "/van-ban",
         "schedule /lich-cong-tac": "/lich-cong-tac"}
for name, url in pages.items():
    for _ in range(20):
        c.get(url, headers={"User-Agent": "Mozilla/5.0"})
    ts = []
    for _ in range(300):
        t = time.perf_counter()
        r = c.get(url, headers={"User-Agent": "Mozilla/5.0"})
        ts.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    ts.sort()
    print(f"{name:36s} median {statistics.median(ts):.2f} ms  p95 {ts[284]:.2f} ms  ({len(r.data)//1024} KB)")
