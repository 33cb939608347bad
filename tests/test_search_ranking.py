"""The article search ranks on bitmasks (core.wordbits): it must give exactly the order and totals of ranking
every matching article one by one, whatever the words, filters and page."""
from __future__ import annotations

from datetime import timedelta

from core import timeutil, wordbits
from core.articles import search_fields
from core.search import ARTICLE, rank
from core.text import query_words
from conftest import section_id

VOCABULARY = "nông thôn mới ủy ban dân hội nghị đường xã trường học".split()


def _words(rng, low: int, high: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(low, high)))


def _reference(content, query: str, section: int | None = None, year: str | None = None) -> list[int]:
    """Return the ids of the matching public articles, best first, ranked one by one."""
    words = query_words(query)
    padded = [f" {w} " for w in words]
    phrase = " " + " ".join(words) + " " if len(words) > 1 else None
    family = set(content.section_family(section)) if section else None
    now = timeutil.now_iso()
    scored = []
    for aid, meta in content.index().meta.items():
        if not content.is_public(meta, now) or (family and meta["section_id"] not in family):
            continue
        if year and meta["publish_at"][:4] != year:
            continue
        fields = search_fields(content.article(aid))
        if all(w in " ".join(fields).split() for w in words):
            scored.append((rank(fields, padded, phrase), meta["publish_at"], aid))
    return [aid for *_, aid in sorted(scored, reverse=True)]


def test_bitmask_ranking_gives_the_same_pages_as_ranking_every_article(app, rng):
    content = app.extensions["trangxa"].content
    search = app.extensions["trangxa"].search
    sections = [section_id(content, n) for n in ("Tin tức – Sự kiện", "Hoạt động của xã", "Chuyển đổi số")]
    now = timeutil.now().replace(second=0, microsecond=0)
    same_minute = now - timedelta(days=3)
    for n in range(230):  # three shards
        when = same_minute if n % 17 == 0 else now - timedelta(minutes=rng.randint(-3000, 3 * 525600))
        saved = content.save_article({
            "title": _words(rng, 2, 6), "summary": _words(rng, 0, 8), "body": f"<p>{_words(rng, 0, 25)}</p>",
            "section_id": rng.choice(sections), "publish_at": when, "author": "Ban Biên tập",
            "status": "published" if n % 11 else "draft"})
        if n % 13 == 0:
            content.trash_article(saved["id"])
    queries = ["nông", "ủy ban", "dân", "nông thôn mới", "hội nghị xã", "thôn nông", "trường học đường",
               "xã xã", "không có"]
    years = sorted({m["publish_at"][:4] for m in content.index().meta.values()})
    for query in queries:
        for section, year in [(None, None), (sections[0], None), (sections[2], None), (None, years[-1])]:
            expected = _reference(content, query, section, year)
            for page in (1, 2, 5):
                got = search.search(query, kind=ARTICLE, section_id=section, year=year, page=page)
                assert got.total == len(expected) == got.counts[ARTICLE], (query, section, year)
                assert [h.ref for h in got.hits] == expected[(page - 1) * 10:page * 10], (query, section, year, page)
                # Each shown hit carries the rank it was ordered by.
                assert all(h.score >= later.score for h, later in zip(got.hits, got.hits[1:], strict=False))
    # Hiding a section removes its articles from the counts at once.
    before = search.search("nông").counts[ARTICLE]
    content.set_section_hidden(sections[2], True)
    assert search.search("nông").counts[ARTICLE] == len(_reference(content, "nông")) < before


def test_bit_planes_add_up_scores_and_read_them_highest_first(rng):
    scores = {i: 0 for i in range(300)}
    planes: list[int] = []
    for _ in range(40):
        ids = rng.sample(range(300), rng.randint(0, 300))
        value = rng.randint(1, 48)
        wordbits.add(planes, wordbits.mask_of(ids), value)
        for i in ids:
            scores[i] += value
    everyone = wordbits.mask_of(range(300))
    groups = list(wordbits.descending(planes, everyone))
    assert [s for s, _ in groups] == sorted({*scores.values()}, reverse=True)
    for score, group in groups:
        assert wordbits.ids_of(group) == sorted(i for i, s in scores.items() if s == score)
    assert list(wordbits.descending(planes, 0)) == [] and wordbits.ids_of(0) == [] and wordbits.mask_of([]) == 0
