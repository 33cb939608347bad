"""Vietnamese error pages for every HTTP error a person or a bot can provoke, and for storage failures."""
from __future__ import annotations

from flask import Flask, jsonify, redirect, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, SecurityError
from werkzeug.routing import RequestRedirect

from core.store import StoreError, StoreFull


def register_errors(app: Flask) -> None:
    """Install the error handlers."""
    def bare(code: int, title: str, message: str):
        return (f"<!doctype html><html lang=vi><meta charset=utf-8><title>{title}</title>"
                f"<h1>{title}</h1><p>{message}</p>"), code

    def page(code: int, title: str, message: str):
        try:
            return render_template("errors/error.html", code=code, title=title, message=message), code
        except Exception:  # the error page must never fail itself
            app.logger.exception("error page failed")
            return bare(code, title, message)

    @app.errorhandler(SecurityError)
    def untrusted_host(e):
        # A Host outside TRUSTED_HOSTS: no link can be built for it, so the page is plain (and names no host).
        return bare(400, "Tên miền không hợp lệ",
                    "Trang này không phục vụ địa chỉ vừa dùng. Vui lòng mở trang bằng địa chỉ chính thức của xã.")

    @app.errorhandler(400)
    def bad_request(e):
        return page(400, "Yêu cầu không hợp lệ", "Yêu cầu gửi lên không hợp lệ. Vui lòng quay lại và thử lại.")

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return page(400, "Phiên làm việc đã hết hạn",
                    "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ. Vui lòng quay lại, tải lại trang rồi gửi lại.")

    def api_error(code: int, message: str):
        response = jsonify({"error": message})
        response.status_code = code
        return response

    def without_trailing_slash():
        """Return a redirect to the page a URL names with a slash too many (/van-ban/ → /van-ban), else None."""
        path = request.path
        if request.url_rule is not None or not path.endswith("/") or path == "/":
            return None
        bare = path.rstrip("/") or "/"
        try:
            request_ctx.url_adapter.match(bare, method=request.method)
        except RequestRedirect:
            pass  # the route itself ends with a slash: it is the one asked for, and it is not there
        except HTTPException:
            return None
        query = request.query_string.decode("latin-1")
        return redirect(request.script_root + bare + (f"?{query}" if query else ""), 308)

    @app.errorhandler(404)
    def not_found(e):
        if request.path.startswith("/api/"):
            return api_error(404, "Không tìm thấy tài nguyên này trong API.")
        moved = without_trailing_slash()
        if moved is not None:
            return moved
        return page(404, "Không tìm thấy trang", "Trang cần tìm không tồn tại hoặc đã được chuyển đi.")

    @app.errorhandler(405)
    def not_allowed(e):
        if request.path.startswith("/api/"):
            response = api_error(405, "API chỉ nhận yêu cầu đọc (GET).")
        else:
            response, _ = page(405, "Phương thức không được hỗ trợ", "Địa chỉ này không nhận loại yêu cầu vừa gửi.")
            response = app.make_response((response, 405))
        if isinstance(e, MethodNotAllowed) and e.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(e.valid_methods))  # RFC 9110: a 405 names what is allowed
        return response

    @app.errorhandler(413)
    def too_large(e):
        limit = (request.max_content_length or app.config["MAX_CONTENT_LENGTH"]) // (1024 * 1024)  # a view's own
        return page(413, "Dữ liệu gửi lên quá lớn",
                    f"Tổng dung lượng gửi lên vượt quá {limit} MB. Vui lòng chọn tệp nhỏ hơn.")

    @app.errorhandler(416)
    def bad_range(e):
        return page(416, "Không tải được phần tệp yêu cầu",
                    "Phần tệp trình duyệt yêu cầu không tồn tại. Vui lòng tải lại toàn bộ tệp.")

    @app.errorhandler(HTTPException)
    def other_http_error(e):
        # Any other HTTP error a browser or bot can provoke gets a Vietnamese page too.
        if e.code is None or e.code < 400:
            return e
        return page(e.code, "Không thực hiện được yêu cầu",
                    "Máy chủ không thể thực hiện yêu cầu này. Vui lòng quay lại trang trước và thử lại.")

    @app.errorhandler(StoreError)
    def store_error(e):
        app.logger.error("storage error: %s", e)
        return page(503, "Hệ thống tạm thời gián đoạn",
                    "Không đọc hoặc ghi được dữ liệu lúc này. Vui lòng thử lại sau ít phút.")

    @app.errorhandler(StoreFull)
    def disk_full(e):
        # A save that no form takes back (a button, a citizen's form): nothing was written, say why.
        app.logger.error("disk full: %s", e)
        return page(503, "Ổ đĩa máy chủ đã đầy",
                    "Máy chủ đã hết dung lượng nên chưa lưu được thay đổi; dữ liệu đã lưu trước đó vẫn còn nguyên. "
                    "Vui lòng báo người quản trị trang giải phóng dung lượng rồi thử lại.")

    @app.errorhandler(500)
    def server_error(e):
        return page(500, "Lỗi hệ thống", "Đã có lỗi xảy ra. Vui lòng thử lại sau hoặc liên hệ quản trị trang.")
