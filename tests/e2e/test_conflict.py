"""In Chromium: a refused save shows both versions; 'Chép phần này vào biểu mẫu' copies the saved part into the
form (the rich editor included) and 'Giữ bản của tôi' saves the form."""
from __future__ import annotations

USERNAME, PASSWORD = "xungdot", "Xung-dot-Duong-Quang-2026"


def test_copy_a_part_of_the_saved_version_then_keep_mine(live_server, browser, artifacts):
    base, app = live_server
    site = app.extensions["trangxa"]
    if not site.accounts.by_username(USERNAME):
        site.accounts.create_user(USERNAME, PASSWORD, "Biên tập xung đột", role="editor")
    section = next(s for s in site.content.sections() if s.get("kind") != "pages")
    art = site.content.save_article({"title": "Bản gốc về hội nghị", "section_id": section["id"],
                                     "body": "<p>Đoạn gốc.</p>", "status": "draft"})
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/dang-nhap")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    page.goto(f"{base}/quan-tri/tin-bai/{art['id']}")
    # Meanwhile someone else saves a newer version.
    site.content.save_article({"title": "Tiêu đề người khác đã lưu", "section_id": section["id"],
                               "body": "<p>Đoạn của người khác.</p>", "status": "draft"}, art["id"], by="quantri")
    page.fill("#title", "Tiêu đề tôi đang gõ")
    page.press("#title", "Enter")  # the form's default button, whatever the visible buttons are called
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Tin bài đã được sửa ở nơi khác").is_visible()
    page.screenshot(path=str(artifacts / "conflict-1366.png"), full_page=True)
    copy = page.get_by_role("button", name="Chép phần này vào biểu mẫu")
    assert copy.count() >= 1
    copy.first.click()  # the title's part comes first
    assert page.input_value("#title") == "Tiêu đề người khác đã lưu"
    page.get_by_role("button", name="Giữ bản của tôi").click()
    page.wait_for_load_state()
    assert site.content.article(art["id"])["title"] == "Tiêu đề người khác đã lưu"
    assert not errors, errors
    context.close()
