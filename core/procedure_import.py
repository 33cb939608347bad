"""Importing the list of procedures from the CSV or XLSX file a province publishes, keyed by Mã thủ tục.

A file is read into rows (``read_rows``), compared with what the site holds
(``plan_rows``: what would be added, changed, left unchanged, and the rows in
error), shown to the clerk, and only then written (``apply_plan``). The
confirm step sends back the rows, not the file: they are checked and compared
again, so what is written is what the data holds at that moment.

Headers are matched without case, diacritics or punctuation, and may carry a
note ("Thời hạn giải quyết (ngày làm việc)"); a province's title lines above
the header row are skipped. Columns the site does not know are listed, not
read. A column that is absent leaves that field of existing procedures alone.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .errors import ValidationError
from .procedures import DEFAULT_LEVEL, FIELDS, Procedures, check_values
from .text import fold

MAX_IMPORT_BYTES = 5 * 1024 * 1024  # a province's list of several hundred procedures is well under 1 MB
MAX_UNZIPPED_BYTES = 80 * 1024 * 1024  # an .xlsx unpacked: beyond this it is a zip bomb, not a list
MAX_ROWS = 3000
HEADER_SEARCH_ROWS = 15

# Folded header (lower case, no diacritics, punctuation as spaces) -> field. Longer ones are tried first.
HEADER_ALIASES: dict[str, str] = {
    "ma thu tuc": "code", "ma tthc": "code", "ma so thu tuc": "code", "ma thu tuc hanh chinh": "code",
    "ten thu tuc": "name", "ten tthc": "name", "ten thu tuc hanh chinh": "name",
    "linh vuc": "field",
    "cap thuc hien": "level", "cap giai quyet": "level", "cap": "level",
    "muc do": "service_level", "muc do dvc": "service_level", "muc do dich vu cong": "service_level",
    "dich vu cong truc tuyen": "service_level", "muc do dvctt": "service_level",
    "thoi han giai quyet": "duration", "thoi gian giai quyet": "duration", "thoi han": "duration",
    "phi le phi": "fees", "phi": "fees", "le phi": "fees",
    "thanh phan ho so": "documents", "ho so": "documents",
    "can cu phap ly": "legal_basis",
    "noi tiep nhan": "place", "co quan tiep nhan": "place", "dia diem tiep nhan": "place",
    "noi nop ho so": "place", "dia diem thuc hien": "place",
    "link dvc": "portal_url", "lien ket dvc": "portal_url", "duong dan dvc": "portal_url",
    "link dich vu cong": "portal_url", "link cong dich vu cong": "portal_url",
    "link nop truc tuyen": "submit_url", "link nop ho so": "submit_url", "nop truc tuyen": "submit_url",
    "lien ket nop truc tuyen": "submit_url",
}
_ALIASES = sorted(HEADER_ALIASES.items(), key=lambda kv: -len(kv[0]))
# Too short to carry a note after them: "Cập nhật lần cuối" is not "Cấp", "Hồ sơ mẫu" not the documents to bring.
EXACT_ONLY = frozenset({"cap", "phi", "ho so"})
COLUMN_LABELS = {
    "code": "Mã thủ tục", "name": "Tên thủ tục", "field": "Lĩnh vực", "level": "Cấp thực hiện",
    "service_level": "Mức độ", "duration": "Thời hạn giải quyết", "fees": "Phí/lệ phí",
    "documents": "Thành phần hồ sơ", "legal_basis": "Căn cứ pháp lý", "place": "Nơi tiếp nhận",
    "portal_url": "Link DVC", "submit_url": "Link nộp trực tuyến",
}
_NOT_WORD = re.compile(r"[^a-z0-9]+")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BAD_ROWS_DATA = "Dữ liệu xác nhận không hợp lệ. Hãy tải tệp lên lại."


@dataclass
class ImportPlan:
    """What an import would do: rows to add, to change (with old and new values), unchanged, and in error."""

    columns: list[str]
    ignored: list[str] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)  # {"line", "values"}
    changed: list[dict] = field(default_factory=list)  # {"line", "id", "name", "fields", "diff": [(label, old, new)]}
    unchanged: list[dict] = field(default_factory=list)  # {"line", "id", "name"}
    errors: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the rows read, for the confirm step

    @property
    def writes(self) -> int:
        """Return how many procedures applying the plan writes."""
        return len(self.added) + len(self.changed)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def header_field(text: Any) -> str | None:
    """Return the field a column header names ("Phí/lệ phí" -> "fees"), or None when it names none."""
    folded = " ".join(_NOT_WORD.sub(" ", fold(str(text or ""))).split())
    for alias, name in _ALIASES:
        if folded == alias or (alias not in EXACT_ONLY and folded.startswith(alias + " ")):
            return name
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value))


Table = list[tuple[int, list[str]]]  # the non-blank rows of a sheet, with their line numbers (from 1)
READ_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS + 1  # non-blank rows read: one more than a file may have


def _kept(rows) -> Table:
    """Return the non-blank rows with their line numbers, up to READ_ROWS of them."""
    out = []
    for line, cells in enumerate(rows, 1):
        if any(c.strip() for c in cells):
            out.append((line, cells))
            if len(out) >= READ_ROWS:
                break
    return out


def _xlsx_table(data: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            if "xl/workbook.xml" not in names:
                raise _refuse("Tệp nén này không phải bảng tính Excel (.xlsx).")
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED_BYTES:
                raise _refuse("Bảng tính quá lớn khi giải nén; hãy chỉ giữ danh sách thủ tục rồi lưu lại.")
    except zipfile.BadZipFile:
        raise _refuse("Tệp Excel bị hỏng, không đọc được. Hãy mở bằng Excel và lưu lại dạng .xlsx.") from None
    from openpyxl import load_workbook  # heavy: only an import needs it
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file; all mean the same here
        raise _refuse("Tệp Excel bị hỏng, không đọc được. Hãy mở bằng Excel và lưu lại dạng .xlsx.") from None
    tables = [_kept(_sheet_rows(sheet)) for sheet in book.worksheets]
    # The first sheet with a header row (a province's file may start with a cover sheet).
    for rows in tables:
        if _header_index(rows) is not None:
            return rows
    return tables[0] if tables else []


def _sheet_rows(sheet):
    for row in sheet.iter_rows():
        values = []
        for c in row:
            text = _cell(c.value)
            link = getattr(c, "hyperlink", None)
            if link is not None and link.target and not text.lower().startswith(("http://", "https://")):
                text = str(link.target)  # "Xem" linked to the portal: the address is what counts
            values.append(text)
        yield values


def _csv_table(data: bytes) -> Table:
    if b"\x00" in data[:4096]:
        raise _refuse("Tệp này không phải CSV hay Excel (.xlsx).")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 maps almost every byte
        raise _refuse("Không đọc được chữ trong tệp CSV; hãy lưu lại với bảng mã UTF-8.")
    text = unicodedata.normalize("NFC", text)
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        return _kept(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error:
        raise _refuse("Tệp CSV sai cấu trúc (dấu ngoặc kép không đóng?). Hãy xuất lại từ Excel.") from None


def read_table(data: bytes, filename: str = "") -> Table:
    """Return the non-blank rows of a CSV or XLSX file as (line, cells); raise ValidationError on a bad file."""
    if not data:
        raise _refuse("Tệp rỗng.")
    if len(data) > MAX_IMPORT_BYTES:
        raise _refuse(f"Tệp quá lớn (tối đa {MAX_IMPORT_BYTES // (1024 * 1024)} MB). Danh sách thủ tục của một "
                      "xã thường dưới 1 MB: hãy bỏ các trang tính và hình ảnh không cần.")
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        return _xlsx_table(data)
    if data[:8] == OLE2_MAGIC:
        raise _refuse("Tệp Excel đời cũ (.xls) chưa đọc được. Hãy mở bằng Excel, chọn Lưu thành .xlsx hoặc "
                      ".csv, rồi tải lên lại.")
    if data[:5] == b"%PDF-" or name.endswith((".pdf", ".doc", ".docx", ".jpg", ".png")):
        raise _refuse("Chỉ nhận tệp CSV hoặc Excel (.xlsx).")
    return _csv_table(data)


def _header_index(rows: Table) -> int | None:
    for n, (_, row) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {header_field(c) for c in row}
        if {"code", "name"} <= found:
            return n
    return None


def read_rows(data: bytes, filename: str = "") -> tuple[list[dict], list[str], list[str]]:
    """Return the rows of a file as {"line", "values"}, the fields its columns give, and the headers ignored."""
    table = read_table(data, filename)
    start = _header_index(table)
    if start is None:
        raise _refuse("Không thấy dòng tiêu đề có cột «Mã thủ tục» và «Tên thủ tục» trong "
                      f"{HEADER_SEARCH_ROWS} dòng đầu. Các cột đọc được: " + ", ".join(COLUMN_LABELS.values()) + ".")
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for i, header in enumerate(table[start][1]):
        name = header_field(header)
        if name and name not in columns.values():
            columns[i] = name
        elif str(header).strip():
            ignored.append(" ".join(str(header).split()))
    body = table[start + 1:]
    if len(body) > MAX_ROWS:
        raise _refuse(f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS:,}).".replace(",", "."))
    rows = []
    for line, row in body:
        values = {name: (row[i] if i < len(row) else "") for i, name in columns.items()}
        if not any(str(v).strip() for v in values.values()):
            continue  # the province's footnotes without any cell in our columns
        rows.append({"line": line, "values": values})
    return rows, list(columns.values()), ignored


def plan_rows(procedures: Procedures, rows: Any, columns: Any, ignored: list[str] | None = None) -> ImportPlan:
    """Compare rows with the live procedures (by Mã thủ tục) and return what applying them would do."""
    if (not isinstance(rows, list) or len(rows) > MAX_ROWS or not isinstance(columns, list)
            or not all(isinstance(c, str) and c in FIELDS for c in columns)):
        raise _refuse(BAD_ROWS_DATA)
    plan = ImportPlan(columns=list(columns), ignored=list(ignored or []))
    seen: dict[str, int] = {}
    for row in rows:
        if (not isinstance(row, dict) or not isinstance(row.get("line"), int)
                or not isinstance(row.get("values"), dict)
                or not all(k in columns and isinstance(v, str) for k, v in row["values"].items())):
            raise _refuse(BAD_ROWS_DATA)
        plan.rows.append(row)
        line, values = row["line"], row["values"]
        code = " ".join(values.get("code", "").split())
        if not code:
            plan.errors.append(f"Dòng {line}: thiếu mã thủ tục.")
            continue
        if code.casefold() in seen:
            plan.errors.append(f"Dòng {line}: mã thủ tục {code} trùng với dòng {seen[code.casefold()]}.")
            continue
        seen[code.casefold()] = line
        old = procedures.by_code(code)
        merged = {k: old.get(k, "") for k in FIELDS} if old else {}
        merged.update(values)
        errors: dict[str, str] = {}
        clean = check_values(merged, errors)
        if not clean["level"]:
            clean["level"] = (old.get("level") or DEFAULT_LEVEL) if old else DEFAULT_LEVEL
        if errors:
            plan.errors.extend(f"Dòng {line}: {message}" for message in errors.values())
            continue
        if old is None:
            plan.added.append({"line": line, "values": clean})
            continue
        changes = {k: v for k, v in clean.items() if v != (old.get(k) or "")}
        if changes:
            diff = [(COLUMN_LABELS[k], old.get(k) or "", v) for k, v in changes.items()]
            plan.changed.append({"line": line, "id": old["id"], "name": old["name"], "fields": changes,
                                 "diff": diff})
        else:
            plan.unchanged.append({"line": line, "id": old["id"], "name": old["name"]})
    return plan


def plan_file(procedures: Procedures, data: bytes, filename: str = "") -> ImportPlan:
    """Read a CSV or XLSX file and return what importing it would do (nothing is written)."""
    rows, columns, ignored = read_rows(data, filename)
    if not rows:
        raise _refuse("Tệp có dòng tiêu đề nhưng không có thủ tục nào bên dưới.")
    return plan_rows(procedures, rows, columns, ignored)


def apply_plan(procedures: Procedures, plan: ImportPlan, by: str = "") -> int:
    """Write what a plan adds and changes (``by`` the account importing), in one write; return how many."""
    return procedures.apply_import([a["values"] for a in plan.added],
                                   [(c["id"], c["fields"]) for c in plan.changed], by)
