"""Two versions of a text side by side, as a person reads them: rendered words, the differences marked.

Used when a save is refused because someone saved first: the editor sees the
version being edited and the saved one as text (never raw HTML), paragraph by
paragraph, each word whole (a change never cuts a word) and nothing cut off.
"""
from __future__ import annotations

import difflib
import re
from html import escape
from typing import Any

from .text import html_to_text

# Words, runs of spaces and single marks: a difference is always made of whole tokens.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Block ends: one paragraph of text per block of the cleaned HTML.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|blockquote|figcaption|div)>|<br>", re.I)
PARAGRAPH = "\n"


def paragraphs(value: str, is_html: bool) -> str:
    """Return the text a reader sees, one paragraph per line."""
    if not is_html:
        return "\n".join(line.strip() for line in str(value or "").splitlines() if line.strip())
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\u2029", str(value or ""))
    return "\n".join(t for t in (html_to_text(part) for part in marked.split("\u2029")) if t)


def _render(tokens: list[str], marked: set[int], css: str) -> str:
    """Return escaped HTML of ``tokens`` with the marked ones in <mark> and paragraphs as <p>."""
    out, run = ["<p>"], []

    def flush_run() -> None:
        if run:
            out.append(f'<mark class="{css}">{"".join(run)}</mark>')
            run.clear()

    for i, tok in enumerate(tokens):
        if tok == PARAGRAPH:
            flush_run()
            out.append("</p><p>")
            continue
        if i in marked and not tok.isspace():
            run.append(escape(tok))
        elif tok.isspace() and run and i + 1 in marked and tokens[i + 1] != PARAGRAPH:
            run.append(escape(tok))  # a space between two changed words stays inside one mark
        else:
            flush_run()
            out.append(escape(tok))
    flush_run()
    out.append("</p>")
    return "".join(out).replace("<p></p>", "")


def side_by_side(mine: str, saved: str) -> tuple[str, str, bool]:
    """Return (mine as HTML, saved as HTML, whether they differ): words only in one side are marked on it."""
    a = [t if t != "\n" else PARAGRAPH for t in _tokens(mine)]
    b = [t if t != "\n" else PARAGRAPH for t in _tokens(saved)]
    only_a, only_b = set(), set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            only_a.update(range(i1, i2))
        if op in ("replace", "insert"):
            only_b.update(range(j1, j2))
    differ = bool(only_a or only_b)
    return _render(a, only_a, "diff-mine"), _render(b, only_b, "diff-saved"), differ


def _tokens(text: str) -> list[str]:
    out = []
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            out.append("\n")
        out.extend(_TOKEN.findall(line))
    return out


def compare_versions(mine: dict, saved: dict, fields: dict[str, str], html_fields: frozenset[str] = frozenset({"body"})
                     ) -> list[dict[str, Any]]:
    """Return, per field (``fields``: name -> label), both versions as marked HTML and whether they differ."""
    out = []
    for name, label in fields.items():
        left, right, differ = side_by_side(paragraphs(mine.get(name) or "", name in html_fields),
                                           paragraphs(saved.get(name) or "", name in html_fields))
        out.append({"field": name, "label": label, "mine": left, "saved": right, "differ": differ})
    return out
