"""Ceiling routes: the same templates rendered from context captured once, already in memory.

Each ceiling route renders exactly the template the real route renders, with
the same data, but does no storage access, no lookups and no counting; the
ratio ours/ceiling says what our data path costs on top of rendering.
"""
from __future__ import annotations

from flask import Flask, Response, g, request, session

from core.sections import KIND_PAGES


def _every_page_context(app: Flask) -> dict:
    """Return what the context processors give every template, computed once; the menu of each current section
    (``main_menu``, built by base.html) is built on its first use and then kept."""
    ctx: dict = {}
    for processor in app.template_context_processors[None]:
        ctx.update(processor())
    build_menu, menus = ctx.get("main_menu"), {}
    if build_menu is not None:
        def main_menu(current_section_id=None):
            if current_section_id not in menus:
                menus[current_section_id] = build_menu(current_section_id)
            return menus[current_section_id]
        ctx["main_menu"] = main_menu
    return ctx


def capture_contexts(app: Flask, article_slug: str, section_slug: str, search_words: dict[str, str],
                     deep_page: int = 200) -> dict:
    """Return name -> (template, context) computed once through the real services."""
    svc = app.extensions["trangxa"]
    content, counters = svc.content, svc.counters
    with app.test_request_context("/"):
        base = dict(_every_page_context(app), site=content.settings(), menu=content.menu(),
                    intro_pages=content.pages(), year=2026)
        side = {"links": content.links(), "stats": counters.summary()}
        sections = content.sections_by_id()
        out = {}
        blocks = []
        for sec in content.menu():
            if sec["kind"] != KIND_PAGES:
                items = content.latest(sec["id"], 5)
                if items:
                    blocks.append({"section": sec, "items": items})
        out["home"] = ("public/home.html", dict(base, pinned=content.pinned(5), latest=content.latest(None, 6),
                                                 blocks=blocks, sections=sections, **side))
        sec = content.section_by_slug(section_slug)
        for key, page in (("section_p1", 1), ("section_p200", deep_page)):
            items, total = content.section_articles(sec["id"], page, 10)
            out[key] = ("public/section.html", dict(
                base, section=sec, parent=None, items=items, total=total, page=page, per_page=10,
                sections=sections, current_section_id=sec["id"], **side))
        art = content.public_article_by_slug(article_slug)
        asec = content.section(art["section_id"])
        parent = content.section(asec["parent_id"]) if asec.get("parent_id") else None
        out["article"] = ("public/article.html", dict(
            base, article=art, section=asec, parent=parent, views=counters.views(art["id"]),
            related=content.related(art), sections=sections, current_section_id=(parent or asec)["id"], **side))
        from core.search import KINDS

        for name, q in search_words.items():
            results = svc.search.search(q, page=1, per_page=10)
            out[name] = ("public/search.html", dict(
                base, q=q, results=results, page=1, per_page=10, kinds=KINDS, kind="",
                sections=svc.search.sections(), section=None, years=svc.search.years(), year="", filters={}))
    return out


def add_ceiling_routes(app: Flask, contexts: dict) -> None:
    """Register /__ceiling/<name> rendering each captured context straight through Jinja."""
    templates = {name: app.jinja_env.get_template(tpl) for name, (tpl, _) in contexts.items()}

    def ceiling(name: str):
        template = templates[name]
        ctx = dict(contexts[name][1], request=request, g=g, session=session, config=app.config)
        return Response(template.render(ctx), mimetype="text/html")

    app.add_url_rule("/__ceiling/<name>", "bench_ceiling", ceiling)
