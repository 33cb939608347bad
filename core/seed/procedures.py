"""Demo procedures: twelve of the commune-level procedures a citizen asks for most, as the national database lists them.

Codes, fees and times follow the published procedures (Luật Hộ tịch 2014, Nghị định
123/2015/NĐ-CP, Nghị định 23/2015/NĐ-CP, Thông tư 281/2016/TT-BTC, Thông tư
226/2016/TT-BTC); where a fee is set by the province's People's Council the text says so.
The commune checks each against its province's current decision before relying on it.
"""
from __future__ import annotations

from ..procedures import Procedures

PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="
SAME_DAY = ("Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay "
            "thì trả kết quả trong ngày làm việc tiếp theo.")
ID_PAPERS = "Xuất trình Căn cước hoặc giấy tờ tùy thân có ảnh còn giá trị sử dụng của người đi làm thủ tục"
HO_TICH = "Luật Hộ tịch năm 2014\nNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ\n" \
          "Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ Tư pháp"
CHUNG_THUC = "Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ\n" \
             "Thông tư số 01/2020/TT-BTP ngày 03/3/2020 của Bộ Tư pháp\n" \
             "Thông tư số 226/2016/TT-BTC ngày 11/11/2016 của Bộ Tài chính"
PROVINCE_FEE = "Theo Nghị quyết của Hội đồng nhân dân tỉnh về lệ phí hộ tịch"


def _demo_procedures(commune: str) -> list[dict]:
    """Return the demo list: hộ tịch, chứng thực, bảo trợ xã hội and đất đai procedures of a commune."""
    one_stop = f"Bộ phận tiếp nhận và trả kết quả (Một cửa), UBND xã {commune}"
    items = [
        {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "service_level": "Toàn trình",
         "duration": SAME_DAY,
         "fees": "Miễn lệ phí khi đăng ký khai sinh đúng hạn.\n" + PROVINCE_FEE + " (đăng ký quá hạn).",
         "documents": "Tờ khai đăng ký khai sinh theo mẫu\nBản chính Giấy chứng sinh; nếu không có thì văn bản của "
                      "người làm chứng xác nhận về việc sinh\n" + ID_PAPERS,
         "legal_basis": HO_TICH},
        {"code": "1.000894", "name": "Đăng ký kết hôn", "field": "Hộ tịch", "service_level": "Một phần",
         "duration": "Ngay trong ngày tiếp nhận hồ sơ; trường hợp cần xác minh thêm thì không quá 05 ngày làm việc.",
         "fees": "Miễn lệ phí.",
         "documents": "Tờ khai đăng ký kết hôn theo mẫu (hai bên nam, nữ có thể dùng chung một tờ khai)\n"
                      "Giấy xác nhận tình trạng hôn nhân, nếu bên kết hôn không thường trú tại xã\n"
                      + ID_PAPERS + "\nHai bên nam, nữ phải có mặt khi đăng ký kết hôn",
         "legal_basis": HO_TICH},
        {"code": "1.000656", "name": "Đăng ký khai tử", "field": "Hộ tịch", "service_level": "Toàn trình",
         "duration": SAME_DAY, "fees": "Miễn lệ phí khi đăng ký khai tử đúng hạn.",
         "documents": "Tờ khai đăng ký khai tử theo mẫu\nGiấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có "
                      "thẩm quyền cấp\n" + ID_PAPERS,
         "legal_basis": HO_TICH},
        {"code": "1.004873", "name": "Cấp Giấy xác nhận tình trạng hôn nhân", "field": "Hộ tịch",
         "service_level": "Toàn trình", "duration": "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
         "fees": PROVINCE_FEE + ".",
         "documents": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu\nBản án, quyết định ly hôn hoặc giấy "
                      "chứng tử của vợ/chồng, nếu đã từng kết hôn\n" + ID_PAPERS,
         "legal_basis": HO_TICH},
        {"code": "1.004859", "name": "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "field": "Hộ tịch",
         "service_level": "Một phần",
         "duration": "03 ngày làm việc; trường hợp cần xác minh thì không quá 06 ngày làm việc.",
         "fees": PROVINCE_FEE + ".",
         "documents": "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu\nGiấy tờ làm căn cứ "
                      "cho việc thay đổi, cải chính, bổ sung\n" + ID_PAPERS,
         "legal_basis": HO_TICH},
        {"code": "2.000635", "name": "Cấp bản sao Trích lục hộ tịch", "field": "Hộ tịch",
         "service_level": "Toàn trình", "duration": SAME_DAY,
         "fees": "8.000 đồng/bản sao Trích lục (Thông tư số 281/2016/TT-BTC).",
         "documents": "Tờ khai cấp bản sao Trích lục hộ tịch theo mẫu\n" + ID_PAPERS,
         "legal_basis": HO_TICH + "\nThông tư số 281/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính"},
        {"code": "1.001022", "name": "Đăng ký nhận cha, mẹ, con", "field": "Hộ tịch", "service_level": "Một phần",
         "duration": "03 ngày làm việc; trường hợp cần xác minh thì không quá 05 ngày làm việc.",
         "fees": PROVINCE_FEE + ".",
         "documents": "Tờ khai đăng ký nhận cha, mẹ, con theo mẫu\nVăn bản của cơ quan y tế, cơ quan giám định "
                      "hoặc cơ quan có thẩm quyền xác nhận quan hệ cha, mẹ, con (nếu có)\n" + ID_PAPERS,
         "legal_basis": HO_TICH},
        {"code": "2.000815", "field": "Chứng thực", "service_level": "Một phần",
         "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp "
                 "hoặc chứng nhận",
         "duration": SAME_DAY,
         "fees": "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản.",
         "documents": "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao\nBản sao cần chứng thực "
                      "(nếu người yêu cầu tự mang theo)",
         "legal_basis": CHUNG_THUC},
        {"code": "2.000884", "field": "Chứng thực", "service_level": "Một phần",
         "name": "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ)",
         "duration": SAME_DAY, "fees": "10.000 đồng/trường hợp.",
         "documents": "Giấy tờ, văn bản mà mình sẽ ký\n" + ID_PAPERS
                      + "\nNgười yêu cầu phải ký trước mặt người thực hiện chứng thực",
         "legal_basis": CHUNG_THUC},
        {"code": "2.001035", "field": "Chứng thực", "service_level": "Một phần",
         "name": "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
         "duration": "02 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
         "fees": "50.000 đồng/hợp đồng, giao dịch.",
         "documents": "Dự thảo hợp đồng, giao dịch\n" + ID_PAPERS + " (các bên tham gia)\nBản sao Giấy chứng nhận "
                      "quyền sử dụng đất, quyền sở hữu nhà ở hoặc giấy tờ về tài sản",
         "legal_basis": CHUNG_THUC},
        {"code": "1.001776", "field": "Bảo trợ xã hội", "service_level": "Một phần",
         "name": "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi "
                 "dưỡng hàng tháng",
         "duration": "Niêm yết công khai 02 ngày làm việc; quyết định trong 07 ngày làm việc sau khi hết thời gian "
                     "niêm yết.",
         "fees": "",
         "documents": "Tờ khai đề nghị trợ giúp xã hội theo mẫu\nBản sao giấy tờ chứng minh thuộc đối tượng "
                      "(giấy xác nhận khuyết tật, giấy tờ về hộ nghèo …)",
         "legal_basis": "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ\n"
                        "Nghị định số 76/2024/NĐ-CP ngày 01/7/2024 của Chính phủ"},
        {"code": "1.003554", "name": "Hòa giải tranh chấp đất đai", "field": "Đất đai",
         "service_level": "Cung cấp thông tin", "level": "Cấp xã",
         "duration": "Không quá 30 ngày kể từ ngày nhận được đơn.", "fees": "",
         "documents": "Đơn đề nghị hòa giải tranh chấp đất đai\nGiấy tờ liên quan đến thửa đất tranh chấp (nếu có)",
         "legal_basis": "Luật Đất đai năm 2024\nNghị định số 102/2024/NĐ-CP ngày 30/7/2024 của Chính phủ",
         "place": f"UBND xã {commune}"},
    ]
    return [dict(item, place=item.get("place") or one_stop, portal_url=PORTAL + item["code"]) for item in items]


def seed_procedures(procedures: Procedures, commune: str) -> None:
    """Add the demo procedures in one write (skipped if the list is not empty)."""
    if procedures.all() or procedures.all(trashed=True):
        return
    procedures.apply_import([procedures.validate(item) for item in _demo_procedures(commune)], [])
