"""One search over everything a citizen can read: articles, intro pages, documents, published Q&A, and the
commune's other public records (press releases, reception, budget disclosures, procedures).

Articles are found and ranked through the word bitmaps that ``Content`` keeps
per shard (built once per shard change): the ranks of every hit are added up
on bitmasks, and only the articles of the page shown are looked at one by one
(a common word costs a few operations per shard, not one rank per article).
The other kinds are few (hundreds, not tens of thousands): their folded texts
are derived once per change of their data file and scanned. Every hit is
ranked the same way, title above summary above body, newer above older on
ties, and only the page shown gets a snippet, cut around the first matched
word, with the matched words marked.
"""
from __future__ import annotations

import heapq
from functools import lru_cache
import re
import threading
import unicodedata
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Any

from . import wordbits
from . import timeutil
from .articles import SHARD_SIZE, STATUS_PUBLISHED, search_fields
from .sections import KIND_PAGES
from .errors import NotFound
from .qa import is_public as qa_public
from .qa import public_question
from .text import excerpt, fold, html_to_text, query_words, search_text

ARTICLE, PAGE, DOCUMENT, QUESTION = "bai-viet", "trang", "van-ban", "hoi-dap"
KINDS = {ARTICLE: "Tin bài", PAGE: "Trang giới thiệu", DOCUMENT: "Văn bản", QUESTION: "Hỏi đáp"}
PRESS, RECEPTION, BUDGET, PROCEDURE = "thong-cao", "tiep-cong-dan", "ngan-sach", "thu-tuc"
KINDS.update({PRESS: "Thông cáo báo chí", RECEPTION: "Tiếp công dân", BUDGET: "Công khai ngân sách",
              PROCEDURE: "Thủ tục hành chính"})
VIDEO, RADIO = "video", "phat-thanh"
KINDS.update({VIDEO: "Video", RADIO: "Phát thanh"})
PERSON = "can-bo"
KINDS[PERSON] = "Cán bộ"
ALBUM = "tin-anh"
KINDS[ALBUM] = "Tin ảnh"
TITLE, SUMMARY, BODY = 4, 2, 1  # what one word found in each field adds to a result's rank
MAX_WORDS = 12
SNIPPET_CHARS = 240

_TOKEN = re.compile(r"[^\W_]+")
_ORDER = itemgetter(0, 1, 2)  # rank, then newer, then the later entry


@dataclass
class Hit:
    """One result: what it is, how it ranked, and (for the page shown) what to display."""

    kind: str
    ref: Any  # article id, or the record itself for the other kinds
    score: int
    date: str
    title: str = ""
    url_args: dict = field(default_factory=dict)
    title_marks: list = field(default_factory=list)
    snippet: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    counts: dict[str, int]


@dataclass
class _Entry:
    kind: str
    record: dict
    fields: tuple[str, str, str]  # folded title, summary, body
    date: str
    title: str
    summary: str
    body: str  # plain text


@lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return fold(word)  # words repeat from snippet to snippet: each is folded once


def highlight(text: str, words: set[str]) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, matched) pairs: a word is matched when its folded form is a query word.

    The text is composed first (NFC): typed in decomposed Unicode ("Unicode tổ hợp"), its accents
    are separate characters that would otherwise split the words.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if _fold_word(m.group()) in words:
            if m.start() > pos:
                out.append((text[pos:m.start()], False))
            out.append((m.group(), True))
            pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def snippet(text: str, words: set[str], length: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """Return about ``length`` characters of ``text`` around its first matched word, marked."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if not text:
        return []
    first = next((m.start() for m in _TOKEN.finditer(text) if _fold_word(m.group()) in words), None)
    start = 0
    if first is not None and first > length // 3:
        start = text.rfind(" ", 0, first - length // 3) + 1
    end = start + length
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = text[start:end]
    marked = highlight(piece, words)
    if start > 0:
        marked.insert(0, ("… ", False))
    if end < len(text):
        marked.append((" …", False))
    return marked


def rank(fields: tuple[str, str, str], padded: list[str], phrase: str | None) -> int:
    """Return the rank of a text that contains every word: per word, title 4 > summary 2 > body 1;
    the words found together as typed, in the title or the summary, count twice.

    (Not in the body: a common word matches most articles, and scanning every body
    for the phrase would triple the cost of such a search.)
    """
    title, summary, _ = fields
    total = 0
    for w in padded:
        total += TITLE if w in title else SUMMARY if w in summary else BODY
    if phrase:
        if phrase in title:
            total += TITLE * len(padded)
        elif phrase in summary:
            total += SUMMARY * len(padded)
    return total


def _words_in(text: str, words: set[str]) -> int:
    """Return how many of the query words a folded text contains (to pick the snippet's source)."""
    return sum(f" {w} " in text for w in words)


class SiteSearch:
    """The search of /tim-kiem, over the services of one app."""

    def __init__(self, content, documents, questions, press=None, reception=None, budget=None, procedures=None,
                 videos=None, radio=None, people=None, albums=None):
        self.content = content
        self.documents = documents
        self.questions = questions
        self.press = press
        self.reception = reception
        self.budget = budget
        self.procedures = procedures
        self.videos = videos
        self.radio = radio
        self.people = people
        self.albums = albums
        self._version: Any = None
        # The other kinds' entries and word -> bitmask of the entries containing it, swapped together.
        self._others: tuple[list[_Entry], dict[str, int]] = ([], {})
        self._years: list[str] = []
        self._lock = threading.Lock()

    # --------------------------------------------------------------- derived
    def _derive(self) -> None:
        # Pages, documents and answers are re-derived only when their files change; the year
        # list also follows the articles (a scan of the index, no file read).
        store = self.content.store
        others = (store.version("site"), store.version("documents"), store.version("questions"),
                  store.version("press"), store.version("reception"),
                  store.version("budget"), store.version("procedures"),
                  store.version("videos"), store.version("radio"), store.version("people"),
                  store.version("bodies"), store.version("albums"))
        # The hour: a scheduled article that goes live brings its year into the list within the hour.
        version = (others, store.version("articles"), timeutil.now_iso()[:13])
        if version == self._version:
            return
        with self._lock:
            if version == self._version:
                return
            if self._version is not None and self._version[0] == others:
                self._years = self._all_years(self._others[0])
                self._version = version
                return
            entries: list[_Entry] = []
            for p in self.content.pages():
                body = html_to_text(p.get("body", ""))
                summary = p.get("summary", "") or ""
                entries.append(_Entry(PAGE, p, (search_text(p["title"]), search_text(summary), search_text(body)),
                                      p.get("updated_at") or p.get("created_at") or "", p["title"], summary, body))
            for d in self.documents.all():
                title = f"{d['type_name']} số {d.get('number', '')}".strip()
                body = " ".join(x for x in (d.get("field"), d.get("issuer"), d.get("signer")) if x)
                # Indexed without the connector "số", which would make every document match "so".
                indexed = search_text(d["type_name"], d.get("number", ""))
                entries.append(_Entry(DOCUMENT, d, (indexed, search_text(d.get("summary", "")),
                                                    search_text(body)),
                                      d.get("issued_on") or "", title, d.get("summary", ""), body))
            for q in self.questions.all():
                if not qa_public(q):
                    continue
                question = public_question(q)
                # A question is long: it ranks as a summary (its topic as the title), not as a title.
                entries.append(_Entry(QUESTION, q, (search_text(q.get("topic", "")), search_text(question),
                                                    search_text(q.get("answer", ""))),
                                      q.get("answered_at") or "", question, q.get("topic", ""), q.get("answer", "")))
            self._press_and_reception(entries)
            for b in self.budget.all() if self.budget is not None else ():
                body = " ".join(x for x in (b["kind_name"], str(b["year"]), b.get("number", "")) if x)
                entries.append(_Entry(BUDGET, b, (search_text(b["title"]), search_text(b.get("note", "")),
                                                  search_text(body)),
                                      b.get("disclosed_on") or "", b["title"], b.get("note", ""), body))
            for t in self.procedures.all() if self.procedures is not None else ():
                # Found by name (as a title) and field (as a summary); undated: no year filter keeps them.
                body = " ".join(x for x in (t.get("code"), t.get("level"), t.get("service_level")) if x)
                entries.append(_Entry(PROCEDURE, t, (search_text(t["name"]), search_text(t.get("field", "")),
                                                     search_text(body)),
                                      "", t["name"], t.get("field", ""), body))
            self._media(entries)
            self._people(entries)
            for a in self.albums.all() if self.albums is not None else ():
                captions = " ".join(p["caption"] for p in a.get("pictures") or [])
                entries.append(_Entry(ALBUM, a, (search_text(a["title"]), search_text(a.get("description", "")),
                                                 search_text(captions)),
                                      a.get("taken_on") or "", a["title"], a.get("description", ""), captions))
            self._others = (entries, wordbits.word_bits(((n, e.fields) for n, e in enumerate(entries)), 0,
                                                        len(entries)))
            self._years = self._all_years(entries)
            self._version = version

    def _press_and_reception(self, entries: list[_Entry]) -> None:
        """Add the press releases and the reception rules (one entry) to the other kinds' entries."""
        for r in self.press.all() if self.press else ():
            entries.append(_Entry(PRESS, r, (search_text(r["title"], r.get("number", "")),
                                             search_text(r.get("summary", "")), search_text(r["body_text"])),
                                  r.get("issued_on") or "", r["title"], r.get("summary", ""), r["body_text"]))
        rules = self.reception.rules() if self.reception else {}
        if rules.get("body"):
            body = html_to_text(rules["body"])
            title = "Nội quy tiếp công dân"
            entries.append(_Entry(RECEPTION, {"id": 0}, (search_text(title, "tiếp công dân"), "", search_text(body)),
                                  rules.get("updated_at") or "", title, "", body))

    def _media(self, entries: list[_Entry]) -> None:
        """Add the videos (title, description) and the radio bulletins (title, transcript) to the entries."""
        for v in self.videos.all() if self.videos is not None else ():
            entries.append(_Entry(VIDEO, v, (search_text(v["title"]), search_text(v.get("description", "")), ""),
                                  v.get("shown_on") or "", v["title"], v.get("description", ""), ""))
        for b in self.radio.all() if self.radio is not None else ():
            entries.append(_Entry(RADIO, b, (search_text(b["title"]), "", search_text(b.get("transcript", ""))),
                                  b.get("aired_on") or "", b["title"], "", b.get("transcript", "")))

    def _people(self, entries: list[_Entry]) -> None:
        """Add the people of the organisation chart (name; position; duties and biography), undated."""
        for p in self.people.chart_people() if self.people is not None else ():
            about = " ".join(x for x in (p.get("duties", ""), p.get("biography", "")) if x)
            entries.append(_Entry(PERSON, p, (search_text(p["name"]), search_text(p.get("title", "")),
                                              search_text(about)), "", p["name"], p.get("title", ""), about))

    def _all_years(self, entries: list[_Entry]) -> list[str]:
        years = {e.date[:4] for e in entries if e.date[:4].isdigit()}
        hidden = self.content.hidden_section_ids()
        now_iso = timeutil.now_iso()
        for meta in self.content.index().meta.values():
            if (meta["status"] == STATUS_PUBLISHED and not meta["trashed_at"] and meta["publish_at"] <= now_iso
                    and meta["section_id"] not in hidden):
                years.add(meta["publish_at"][:4])
        return sorted(years, reverse=True)

    def years(self) -> list[str]:
        """Return the years that have published content, newest first (for the year filter)."""
        self._derive()
        return list(self._years)

    def sections(self) -> list[dict]:
        """Return the visible article sections a search can be limited to (menu order, sub-sections after)."""
        out = []
        for sec in self.content.menu():
            if sec["kind"] == KIND_PAGES:
                continue
            out.append(sec)
            out.extend(sec["children"])
        return out

    # ---------------------------------------------------------------- search
    def search(self, query: str, kind: str | None = None, section_id: int | None = None,
               year: str | None = None, page: int = 1, per_page: int = 10) -> Results:
        """Return one page of ranked hits for ``query`` with the filters, the total and counts per kind.

        The counts ignore the kind filter (they label the kind choices); a
        section filter limits the search to articles of that section.
        """
        words = query_words(query)[:MAX_WORDS]
        if not words:
            return Results([], 0, {k: 0 for k in KINDS})
        self._derive()
        padded = [f" {w} " for w in words]
        phrase = " " + " ".join(words) + " " if len(words) > 1 else None
        start = (page - 1) * per_page
        need = start + per_page if kind not in KINDS or kind == ARTICLE else 0
        total, found = self._article_hits(words, phrase, section_id, year, need)
        counts = {k: 0 for k in KINDS}
        counts[ARTICLE] = total
        if section_id is None:
            entries, bits = self._others
            for n in wordbits.iter_bits(wordbits.candidates(bits, words, len(entries)), 0):
                e = entries[n]
                if year and e.date[:4] != year:
                    continue
                counts[e.kind] += 1
                if kind not in KINDS or kind == e.kind:
                    found.append((rank(e.fields, padded, phrase), e.date, -n, e.kind, e))
        # Only the page shown needs ordering: a partial selection, not a sort of every hit.
        top = heapq.nlargest(start + per_page, found, key=_ORDER)[start:]
        shown = [self._present(f, set(words)) for f in top]
        return Results([h for h in shown if h is not None],
                       counts[kind] if kind in KINDS else sum(counts.values()), counts)

    def _article_hits(self, words: list[str], phrase: str | None, section_id: int | None, year: str | None,
                      need: int) -> tuple[int, list[tuple]]:
        """Return how many public articles contain every word (within the filters) and the ``need`` best.

        Per shard, the words' packed bitmaps give the articles containing them all and, among
        those, the ones with each word in the title or the summary; the phrase is looked for only
        in the titles and summaries that hold every word. The ranks are then added up on site-wide
        bitmasks (``wordbits.add``) and read from the highest down (``wordbits.descending``): the
        last group needed is cut at its newest articles by walking the newest-first list.
        """
        content = self.content
        idx = content.index()
        span, k = SHARD_SIZE, len(words)
        found = phrase_title = phrase_summary = 0
        titles, summaries = [0] * k, [0] * k
        for name, shard in idx.shards.items():
            bits = content.shard_bits(name, shard)
            packed = [bits.get(w, 0) for w in words]
            mask = (1 << span) - 1
            for v in packed:
                mask &= v
            if not mask:
                continue
            base = shard.base
            found |= mask << base
            every_title = every_summary = mask
            for i, v in enumerate(packed):
                t, s = (v >> span) & mask, (v >> 2 * span) & mask
                every_title &= t
                every_summary &= s
                if t:
                    titles[i] |= t << base
                if s:
                    summaries[i] |= s << base
            if phrase and (every_title or every_summary):
                in_title = in_summary = 0
                for aid in wordbits.iter_bits(every_title | every_summary, base):
                    title, summary = shard.texts[aid]
                    if phrase in title:
                        in_title |= 1 << (aid - base)
                    elif phrase in summary:
                        in_summary |= 1 << (aid - base)
                phrase_title |= in_title << base
                phrase_summary |= in_summary << base
        if not found:
            return 0, []
        public, first = content.public_mask(idx, timeutil.now_iso())
        found &= public
        if section_id is not None:
            found &= content.list_mask(idx, int(section_id))  # a section's list rolls up its sub-sections
        if year:
            found &= content.year_mask(idx, year)
        total = found.bit_count()
        if not need or not found:
            return total, []
        # A word adds 4 in the title, 2 in the summary, 1 in the body: k + [title or summary] + 2 [title].
        planes: list[int] = []
        for i in range(k):
            wordbits.add(planes, (titles[i] | summaries[i]) & found, 1)
            wordbits.add(planes, titles[i] & found, 2)
        if phrase:
            wordbits.add(planes, phrase_title & found, TITLE * k)
            wordbits.add(planes, phrase_summary & found, SUMMARY * k)
        chosen: list[tuple[int, int]] = []
        for score, group in wordbits.descending(planes, found):
            if len(chosen) + group.bit_count() <= need:
                chosen.extend((k + score, aid) for aid in wordbits.ids_of(group))
                if len(chosen) == need:
                    break
                continue
            wanted, keys, size = need - len(chosen), idx.lists["all"], group.bit_count()
            if size * size < wanted * (len(keys) - first):
                # A sparse group: its newest, from its own few records.
                newest = heapq.nlargest(wanted, wordbits.ids_of(group),
                                        key=lambda aid: (idx.meta[aid]["publish_at"], aid))
                chosen.extend((k + score, aid) for aid in newest)
                break
            # A dense group: walk the newest-first list until enough of it is found.
            member = group.to_bytes((group.bit_length() + 7) // 8, "little")
            last = len(member)
            for key in keys[first:]:
                aid = -key[1]
                if aid >> 3 < last and member[aid >> 3] >> (aid & 7) & 1:
                    chosen.append((k + score, aid))
                    if len(chosen) == need:
                        break
            break
        metas = idx.meta
        return total, [(score, metas[aid]["publish_at"], aid, ARTICLE, aid) for score, aid in chosen]

    def _present(self, found: tuple, words: set[str]) -> Hit | None:
        score, date, _, kind, ref = found
        if kind == ARTICLE:
            try:
                art = self.content.article(ref)
                sec = self.content.section(art["section_id"])
            except NotFound:
                return None  # removed between the match and now
            folded = art.get("search") or search_fields(art)
            summary = art.get("summary", "") or ""
            if _words_in(folded[2], words) > _words_in(folded[1], words) or not summary:
                text = html_to_text(art.get("body", ""))
            else:
                text = summary
            return Hit(kind, ref, score, date, art["title"],
                       {"section_slug": sec["slug"], "slug": art["slug"]},
                       highlight(art["title"], words), snippet(text, words),
                       {"section": sec["name"], "date": art["publish_at"], "cover": art.get("cover"),
                        "cover_alt": art.get("cover_alt", "")})
        e: _Entry = ref
        if e.kind == QUESTION:
            text = e.body  # the answer; the question is the title
        else:
            text = e.body if _words_in(e.fields[2], words) > _words_in(e.fields[1], words) else e.summary
        rec = e.record
        if e.kind == PAGE:
            args, meta = {"slug": rec["slug"]}, {"section": "Giới thiệu"}
        elif e.kind == PROCEDURE:
            args, meta = {"id": rec["id"], "slug": rec["slug"]}, {"section": rec.get("field", "")}
        elif e.kind == DOCUMENT:
            args, meta = {"id": rec["id"], "slug": rec["slug"]}, {"section": "Văn bản", "date": e.date}
        elif e.kind == PRESS:
            args, meta = {"id": rec["id"], "slug": rec["slug"]}, {"section": "Thông cáo báo chí", "date": e.date}
        elif e.kind == ALBUM:
            args, meta = {"id": rec["id"], "slug": rec["slug"]}, {"section": "Tin ảnh", "date": e.date,
                                                                 "cover": rec.get("cover"),
                                                                 "cover_alt": rec.get("cover_caption", "")}
        elif e.kind == RECEPTION:
            args, meta = {}, {"section": "Tiếp công dân"}
        elif e.kind == PERSON:
            args, meta = {"id": rec["id"], "slug": rec["slug"]}, {"section": rec.get("title", "")}
        elif e.kind in (VIDEO, RADIO):
            args, meta = {"id": rec["id"], "slug": rec["slug"]}, {"section": KINDS[e.kind], "date": e.date}
        elif e.kind == BUDGET:
            args, meta = {"id": rec["id"], "slug": rec["slug"]}, {"section": rec["kind_name"], "date": e.date}
        else:
            args, meta = {"item_id": rec["id"]}, {"section": rec.get("topic", ""), "date": e.date}
        return Hit(e.kind, rec["id"], score, date, e.title, args, highlight(excerpt(e.title, 200), words),
                   snippet(text or e.body, words), meta)
