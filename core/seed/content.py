"""Demo content of the commune of Dương Quang (thị xã Mỹ Hào, tỉnh Hưng Yên).

Fills an empty site with settings, the menu sections, the intro pages,
the links block and about thirty sample articles, so that a fresh install
shows a complete site. Facts come from the commune's own report of
10/11/2023 (Ban Biên tập, Quyết định 19 and 20/QĐ-UBND, Thông báo
88/TB-UBND, the sections and the links it lists); everything else is a
general description, with no invented statistics. All of it is ordinary
content that the editor can change or delete afterwards.

DEMO PLACEHOLDERS: the address details, phone number and e-mail address in
DEMO_SETTINGS are illustrative values, not the commune's real contacts. The
commune must replace them (Quản trị > Cài đặt) before the site goes public.
Link addresses other than those of the national portals are plausible guesses
and must be checked too.
"""
from __future__ import annotations

from ..articles import STATUS_PUBLISHED
from ..content import Content
from ..sections import KIND_ARTICLES, KIND_PAGES, RESERVED_SLUGS
from ..text import slugify

# ---------------------------------------------------------------- settings
# Phone and e-mail below are demo placeholders (see the module docstring).
DEMO_SETTINGS = {
    "commune_name": "Dương Quang",
    "agency_name": "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG",
    "site_title": "Trang thông tin điện tử xã Dương Quang",
    "province": "Hưng Yên",
    "district": "thị xã Mỹ Hào",
    "address": "Trụ sở UBND xã Dương Quang, xã Dương Quang, thị xã Mỹ Hào, tỉnh Hưng Yên",
    "phone": "0221 3 000 000",
    "email": "ubndxaduongquang@hungyen.gov.vn",
    "responsible_person": "Vũ Quang Sáng",
    "responsible_title": "Phó Chủ tịch UBND xã, Trưởng Ban Biên tập",
    "site_start": "2023-06-22",
}

_ADDRESS = DEMO_SETTINGS["address"]
_PHONE = DEMO_SETTINGS["phone"]
_EMAIL = DEMO_SETTINGS["email"]

# ---------------------------------------------------------------- sections
# The intro section owns /gioi-thieu; its pages live at /gioi-thieu/<slug>.
INTRO_SLUG = "gioi-thieu"
NEWS = "Tin tức – Sự kiện"
NEWS_LOCAL = "Hoạt động của xã"
NEWS_DIRECTIVES = "Văn bản chỉ đạo điều hành"
NEWS_LAW = "Tuyên truyền – phổ biến pháp luật"
NEWS_ORGS = "Hoạt động các Ban, Ngành, Đoàn thể"
REFORM = "Cải cách hành chính"
DIGITAL = "Chuyển đổi số"
NOTICES = "Thông báo của UBND xã"
TOURISM = "Du lịch"

# (name, kind, explicit slug or None, sub-section names), in menu order.
SECTIONS = (
    ("Giới thiệu", KIND_PAGES, INTRO_SLUG, ()),
    (NEWS, KIND_ARTICLES, None, (NEWS_LOCAL, NEWS_DIRECTIVES, NEWS_LAW, NEWS_ORGS)),
    (REFORM, KIND_ARTICLES, None, ()),
    (DIGITAL, KIND_ARTICLES, None, ()),
    (NOTICES, KIND_ARTICLES, None, ()),
    (TOURISM, KIND_ARTICLES, None, ()),
)

# ------------------------------------------------------------------- pages
PAGE_GENERAL = (
    "<h2>Vị trí địa lý và địa giới hành chính</h2>"
    "<p>Xã Dương Quang là đơn vị hành chính cấp xã thuộc thị xã Mỹ Hào, tỉnh Hưng Yên, nằm trong vùng "
    "đồng bằng châu thổ sông Hồng. Địa giới hành chính của xã tiếp giáp với một số xã, phường của thị xã "
    "Mỹ Hào và các địa phương lân cận. Xã có vị trí tương đối thuận lợi cho giao lưu kinh tế, gần các trục "
    "giao thông và các khu, cụm công nghiệp của thị xã.</p>"
    "<p>Bản đồ địa giới hành chính xã được lưu giữ tại UBND xã. Tổ chức, cá nhân có nhu cầu tra cứu xin liên "
    "hệ công chức Địa chính – Xây dựng trong giờ hành chính.</p>"
    "<h2>Điều kiện tự nhiên</h2>"
    "<p>Địa hình của xã tương đối bằng phẳng, đất đai chủ yếu là đất phù sa phù hợp với sản xuất nông "
    "nghiệp. Khí hậu mang đặc điểm nhiệt đới gió mùa của vùng đồng bằng Bắc Bộ: mùa hè nóng ẩm, mưa nhiều; "
    "mùa đông lạnh, ít mưa.</p>"
    "<h2>Kinh tế – xã hội</h2>"
    "<p>Từ một xã thuần nông, cơ cấu kinh tế của Dương Quang đang chuyển dịch theo hướng tăng dần tỷ trọng "
    "công nghiệp, tiểu thủ công nghiệp, thương mại và dịch vụ. Nhiều lao động của xã làm việc tại các doanh "
    "nghiệp trong và ngoài địa bàn. Hệ thống trường học, trạm y tế, nhà văn hóa thôn được quan tâm đầu tư "
    "gắn với Chương trình mục tiêu quốc gia xây dựng nông thôn mới.</p>"
    "<h2>Lịch sử và truyền thống văn hóa</h2>"
    "<p>Dương Quang là vùng đất có truyền thống lâu đời, còn lưu giữ nhiều nét đẹp của làng quê Bắc Bộ. "
    "Nội dung chi tiết được giới thiệu tại trang <strong>Lịch sử – Văn hóa</strong> và trang "
    "<strong>Du lịch</strong>.</p>"
    "<p><em>Nội dung trang này là phần giới thiệu khái quát. Ban Biên tập sẽ cập nhật số liệu chính thức "
    "về diện tích, dân số và kinh tế – xã hội khi được cấp có thẩm quyền công bố.</em></p>"
)

PAGE_HISTORY = (
    "<h2>Truyền thống lịch sử</h2>"
    "<p>Trải qua quá trình hình thành và phát triển, các thế hệ người dân Dương Quang đã cần cù lao động, "
    "khai phá, xây dựng quê hương. Trong các cuộc kháng chiến bảo vệ Tổ quốc, Nhân dân trong xã đã đóng góp "
    "sức người, sức của; nhiều người con của quê hương đã lên đường chiến đấu và hy sinh. Xã luôn quan tâm "
    "thực hiện tốt công tác đền ơn đáp nghĩa, chăm lo cho gia đình chính sách, người có công với cách mạng.</p>"
    "<h2>Văn hóa và tín ngưỡng</h2>"
    "<p>Các làng trong xã còn lưu giữ những công trình tín ngưỡng, tôn giáo truyền thống như đình, chùa, "
    "miếu gắn với đời sống tinh thần của cộng đồng. Hằng năm, vào dịp đầu xuân, các làng tổ chức lễ hội "
    "truyền thống với phần lễ trang nghiêm và phần hội với các trò chơi dân gian.</p>"
    "<h2>Xây dựng đời sống văn hóa</h2>"
    "<ul>"
    "<li>Thực hiện phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”, xây dựng gia đình văn hóa, "
    "thôn văn hóa;</li>"
    "<li>Thực hiện nếp sống văn minh trong việc cưới, việc tang và lễ hội;</li>"
    "<li>Giữ gìn, phát huy giá trị các di tích lịch sử – văn hóa và các hình thức văn hóa dân gian của "
    "địa phương.</li>"
    "</ul>"
)

PAGE_TOURISM = (
    "<h2>Di tích lịch sử – văn hóa trên địa bàn xã</h2>"
    "<p>Trên địa bàn xã Dương Quang có các di tích lịch sử – văn hóa như đình, chùa, miếu gắn với tín "
    "ngưỡng thờ Thành hoàng làng và đời sống tâm linh của Nhân dân. Các di tích là nơi sinh hoạt văn hóa "
    "cộng đồng, nơi tổ chức lễ hội truyền thống và giáo dục truyền thống cho thế hệ trẻ.</p>"
    "<p>Ban Biên tập lần lượt giới thiệu từng di tích (lịch sử hình thành, kiến trúc, lễ hội) trong "
    "chuyên mục <strong>Du lịch</strong> của Trang thông tin điện tử.</p>"
    "<h2>Lưu ý khi tham quan</h2>"
    "<ul>"
    "<li>Mặc trang phục lịch sự, giữ trật tự nơi thờ tự;</li>"
    "<li>Giữ gìn vệ sinh chung, không viết, vẽ, khắc lên di tích;</li>"
    "<li>Liên hệ UBND xã hoặc người trông coi di tích khi đi theo đoàn để được hướng dẫn.</li>"
    "</ul>"
)


PAGE_CONTACT = (
    "<table>"
    "<tbody>"
    f"<tr><th scope=\"row\">Cơ quan</th><td>{DEMO_SETTINGS['agency_name']}</td></tr>"
    f"<tr><th scope=\"row\">Địa chỉ</th><td>{_ADDRESS}</td></tr>"
    f"<tr><th scope=\"row\">Điện thoại</th><td>{_PHONE}</td></tr>"
    f"<tr><th scope=\"row\">Thư điện tử</th><td>{_EMAIL}</td></tr>"
    "<tr><th scope=\"row\">Thời gian làm việc</th><td>Các ngày từ thứ Hai đến thứ Sáu, trừ ngày nghỉ lễ, "
    "Tết theo quy định</td></tr>"
    "</tbody>"
    "</table>"
    "<h2>Tiếp nhận hồ sơ thủ tục hành chính</h2>"
    "<p>Hồ sơ thủ tục hành chính được tiếp nhận tại Bộ phận Tiếp nhận và Trả kết quả (Bộ phận Một cửa) "
    "UBND xã, hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia.</p>"
    "<h2>Liên hệ về nội dung Trang thông tin điện tử</h2>"
    "<p>Ông Vũ Quang Sáng – Phó Chủ tịch UBND xã, Trưởng Ban Biên tập, chịu trách nhiệm về nội dung "
    "thông tin đăng tải trên Trang thông tin điện tử xã.</p>"
)

# (title, HTML body), in the order of the "Giới thiệu" menu.
PAGES = (
    ("Thông tin chung", PAGE_GENERAL),
    ("Lịch sử – Văn hóa", PAGE_HISTORY),
    ("Du lịch", PAGE_TOURISM),
    ("Thông tin giao dịch", PAGE_CONTACT),
)

# ------------------------------------------------------------------- links
# The ten sites of the seed report, in its order.
LINKS = (
    ("Công báo Chính phủ", "https://congbao.chinhphu.vn"),
    ("Công báo tỉnh Hưng Yên", "https://congbao.hungyen.gov.vn"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
    ("Bộ thủ tục hành chính", "https://csdl.dichvucong.gov.vn"),
    ("Hệ thống văn bản do tỉnh ban hành", "https://vbpl.vn/hungyen/Pages/Home.aspx"),
    ("Cổng thông tin điện tử tỉnh Hưng Yên", "https://hungyen.gov.vn"),
    ("Cổng thông tin điện tử thị xã Mỹ Hào", "https://myhao.hungyen.gov.vn"),
    ("Cơ sở dữ liệu quốc gia về pháp luật", "https://vbpl.vn"),
    ("Cổng thông tin Doanh nghiệp và đầu tư tỉnh Hưng Yên", "https://doanhnghiep.hungyen.gov.vn"),
    ("Thanh toán tiền điện trực tuyến", "https://cskh.npc.com.vn"),
)

# ---------------------------------------------------------------- articles
PHUONG = "Kiều Thị Phượng"
DAT = "Nguyễn Công Đạt"
THU = "Kiều Xuân Thu"

# Each item: section name, title, summary, HTML body, publish time, author, pinned.
ARTICLES = (
    # ---- Tin tức – Sự kiện (the parent section itself)
    {
        "section": NEWS,
        "title": "Xã Dương Quang tổ chức các hoạt động chào mừng kỷ niệm 79 năm Cách mạng Tháng Tám và "
                 "Quốc khánh 2/9",
        "summary": "Các thôn, cơ quan, trường học trên địa bàn xã treo cờ Tổ quốc, khẩu hiệu và tổ chức "
                   "tuyên truyền chào mừng Cách mạng Tháng Tám và Quốc khánh 2/9.",
        "body": "<p>Hướng tới kỷ niệm 79 năm Cách mạng Tháng Tám thành công (19/8/1945 – 19/8/2024) và Quốc "
                "khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (02/9/1945 – 02/9/2024), UBND xã Dương Quang "
                "đã chỉ đạo các thôn, cơ quan, đơn vị trên địa bàn tổ chức nhiều hoạt động tuyên truyền "
                "thiết thực.</p>"
                "<p>Các hộ gia đình, cơ quan, trường học treo cờ Tổ quốc; các trục đường chính được trang trí "
                "băng rôn, khẩu hiệu. Đài truyền thanh xã tăng thời lượng phát sóng các chương trình về ý "
                "nghĩa lịch sử của ngày Cách mạng Tháng Tám và Quốc khánh 2/9.</p>"
                "<p>UBND xã đề nghị Nhân dân tham gia vệ sinh môi trường, giữ gìn an ninh trật tự, vui Tết "
                "Độc lập an toàn, tiết kiệm.</p>",
        "publish_at": "2024-09-01T08:00:00+07:00",
        "author": DAT,
    },
    {
        "section": NEWS,
        "title": "Dương Quang đẩy mạnh tuyên truyền mừng Đảng, mừng Xuân Bính Ngọ 2026",
        "summary": "Xã Dương Quang triển khai các hoạt động tuyên truyền chào mừng 96 năm Ngày thành lập Đảng "
                   "Cộng sản Việt Nam và đón Tết Nguyên đán Bính Ngọ 2026.",
        "body": "<p>Chào mừng kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – "
                "03/02/2026) và mừng Xuân Bính Ngọ 2026, xã Dương Quang đã triển khai kế hoạch tuyên truyền "
                "trực quan và tuyên truyền trên hệ thống truyền thanh.</p>"
                "<p>Pa-nô, băng rôn, khẩu hiệu được thay mới tại trụ sở UBND xã, nhà văn hóa các thôn và các "
                "trục đường chính. Trang thông tin điện tử xã cập nhật pa-nô tuyên truyền và đăng tải các "
                "tin, bài về hoạt động đón Tết của địa phương.</p>"
                "<p>UBND xã đề nghị các thôn, đoàn thể quan tâm thăm hỏi, tặng quà gia đình chính sách, hộ "
                "nghèo, người có hoàn cảnh khó khăn để mọi nhà, mọi người đều được đón Tết vui tươi, đầm "
                "ấm.</p>",
        "publish_at": "2026-01-28T09:00:00+07:00",
        "author": PHUONG,
    },
    # ---- Hoạt động của xã
    {
        "section": NEWS_LOCAL,
        "title": "Trang thông tin điện tử xã Dương Quang chính thức đi vào hoạt động",
        "summary": "Từ ngày 22/6/2023, Trang thông tin điện tử xã Dương Quang chính thức hoạt động, là kênh "
                   "thông tin chính thống của UBND xã phục vụ người dân và doanh nghiệp.",
        "body": "<p>Từ ngày 22/6/2023, Trang thông tin điện tử xã Dương Quang chính thức đi vào hoạt động. "
                "Đây là kênh thông tin chính thống của UBND xã, cung cấp thông tin về hoạt động chỉ đạo, "
                "điều hành, các chủ trương, chính sách và tình hình kinh tế – xã hội của địa phương.</p>"
                "<p>Trang gồm các chuyên mục: Giới thiệu; Tin tức – Sự kiện; Cải cách hành chính; Chuyển "
                "đổi số; Thông báo của UBND xã, cùng các liên kết tới Cổng Dịch vụ công quốc gia, Cổng "
                "thông tin điện tử tỉnh Hưng Yên và các trang thông tin chính thống khác.</p>"
                "<p>UBND xã mong nhận được ý kiến đóng góp của Nhân dân để Trang thông tin điện tử ngày càng "
                "hoàn thiện, đáp ứng tốt nhu cầu tìm hiểu thông tin của tổ chức, cá nhân.</p>",
        "publish_at": "2023-06-22T08:00:00+07:00",
        "author": PHUONG,
    },
    {
        "section": NEWS_LOCAL,
        "title": "UBND xã Dương Quang báo cáo kết quả hoạt động Trang thông tin điện tử",
        "summary": "Từ ngày 22/6/2023 đến ngày 10/11/2023, Trang thông tin điện tử xã đã đăng tải tổng số 248 "
                   "tin bài, bình quân mỗi ngày có trên 50 lượt truy cập.",
        "body": "<p>Thực hiện Công văn số 1631/UBND-VHTT ngày 08/11/2023 của UBND thị xã Mỹ Hào, ngày "
                "10/11/2023, UBND xã Dương Quang đã báo cáo kết quả hoạt động Trang thông tin điện tử xã "
                "từ khi thành lập (22/6/2023).</p>"
                "<p>Trong thời gian trên, Trang đã đăng tải tổng số 248 tin bài, trong đó: chuyên mục Tin tức "
                "– Sự kiện 179 tin bài, Cải cách hành chính 16 tin bài, Chuyển đổi số 33 tin bài, Thông báo "
                "của UBND xã 20 tin bài. Trang đã mở thêm chuyên mục “Du lịch” nhằm quảng bá các di tích "
                "lịch sử của địa phương. Bình quân mỗi ngày có trên 50 lượt người truy cập.</p>"
                "<p>Báo cáo cũng nêu một số hạn chế: hệ thống máy vi tính đã cũ; chưa có kinh phí cho hoạt "
                "động của Ban Biên tập và chưa có cơ chế chi trả nhuận bút; các thành viên Ban Biên tập hoạt "
                "động kiêm nhiệm. UBND xã đề nghị cấp trên xem xét bố trí kinh phí và mở các lớp tập huấn "
                "nghiệp vụ cho Ban Biên tập.</p>",
        "publish_at": "2023-11-10T15:00:00+07:00",
        "author": THU,
    },
    {
        "section": NEWS_LOCAL,
        "title": "UBND xã Dương Quang tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026",
        "summary": "UBND xã tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội "
                   "năm 2025 và triển khai nhiệm vụ trọng tâm năm 2026.",
        "body": "<p>UBND xã Dương Quang tổ chức hội nghị tổng kết công tác năm 2025, triển khai nhiệm vụ năm "
                "2026. Tham dự hội nghị có lãnh đạo Đảng ủy, HĐND, UBND, Mặt trận Tổ quốc, các đoàn thể xã "
                "và trưởng các thôn.</p>"
                "<p>Hội nghị đã đánh giá kết quả thực hiện các chỉ tiêu phát triển kinh tế – xã hội, công tác "
                "cải cách hành chính, chuyển đổi số và bảo đảm quốc phòng, an ninh; đồng thời chỉ ra những "
                "hạn chế cần khắc phục.</p>"
                "<p>Năm 2026, UBND xã tập trung nâng cao chất lượng giải quyết thủ tục hành chính, đẩy mạnh "
                "ứng dụng công nghệ thông tin, tiếp tục duy trì hoạt động hiệu quả Trang thông tin điện tử "
                "xã và chăm lo đời sống Nhân dân.</p>",
        "publish_at": "2025-12-29T16:00:00+07:00",
        "author": THU,
    },
    # ---- Văn bản chỉ đạo điều hành
    {
        "section": NEWS_DIRECTIVES,
        "title": "Quyết định số 19/QĐ-UBND ngày 23/6/2023 về việc thành lập Ban Biên tập Trang thông tin "
                 "điện tử xã Dương Quang",
        "summary": "UBND xã Dương Quang thành lập Ban Biên tập Trang thông tin điện tử xã gồm 04 thành viên "
                   "do Phó Chủ tịch UBND xã Vũ Quang Sáng làm Trưởng Ban.",
        "body": "<p>Ngày 23/6/2023, UBND xã Dương Quang ban hành Quyết định số 19/QĐ-UBND về việc thành lập "
                "Ban Biên tập Trang thông tin điện tử xã Dương Quang. Thành phần Ban Biên tập gồm:</p>"
                "<ul>"
                "<li>Trưởng Ban: Ông Vũ Quang Sáng – Phó Chủ tịch UBND xã;</li>"
                "<li>Phó Trưởng Ban: Bà Kiều Thị Phượng – Công chức Văn hóa – Xã hội;</li>"
                "<li>Thành viên: Ông Kiều Xuân Thu – Công chức Văn phòng – Thống kê;</li>"
                "<li>Thành viên: Ông Nguyễn Công Đạt – Trưởng Đài truyền thanh xã.</li>"
                "</ul>"
                "<p>Ban Biên tập có trách nhiệm tổ chức thu thập, biên tập và đăng tải thông tin trên Trang "
                "thông tin điện tử xã, bảo đảm thông tin chính xác, kịp thời và đúng quy định của pháp "
                "luật.</p>",
        "publish_at": "2023-06-23T10:00:00+07:00",
        "author": THU,
    },
    {
        "section": NEWS_DIRECTIVES,
        "title": "Quyết định số 20/QĐ-UBND ngày 23/6/2023 ban hành Quy chế hoạt động của Ban Biên tập Trang "
                 "thông tin điện tử xã",
        "summary": "UBND xã Dương Quang ban hành Quy chế hoạt động của Ban Biên tập Trang thông tin điện tử "
                   "xã Dương Quang.",
        "body": "<p>Ngày 23/6/2023, UBND xã Dương Quang ban hành Quyết định số 20/QĐ-UBND về việc ban hành "
                "Quy chế hoạt động của Ban Biên tập Trang thông tin điện tử xã Dương Quang.</p>"
                "<p>Quy chế là cơ sở để Ban Biên tập tổ chức hoạt động: phân công nhiệm vụ cho các thành "
                "viên; quy trình tiếp nhận, biên tập, phê duyệt và đăng tải tin, bài; trách nhiệm phối hợp "
                "cung cấp thông tin của các bộ phận chuyên môn, các ban, ngành, đoàn thể và các thôn.</p>"
                "<p>Toàn văn Quyết định được lưu tại Văn phòng UBND xã. Tổ chức, cá nhân có nhu cầu tìm hiểu "
                "xin liên hệ Văn phòng UBND xã trong giờ hành chính.</p>",
        "publish_at": "2023-06-23T15:00:00+07:00",
        "author": THU,
    },
    {
        "section": NEWS_DIRECTIVES,
        "title": "UBND xã chỉ đạo tăng cường công tác phòng cháy, chữa cháy trong mùa hanh khô",
        "summary": "UBND xã Dương Quang yêu cầu các thôn, cơ quan, cơ sở kinh doanh và hộ gia đình tăng cường "
                   "các biện pháp phòng cháy, chữa cháy trong mùa hanh khô.",
        "body": "<p>Để chủ động phòng ngừa cháy, nổ trong mùa hanh khô, UBND xã Dương Quang chỉ đạo các thôn, "
                "cơ quan, đơn vị, cơ sở sản xuất, kinh doanh trên địa bàn tăng cường công tác phòng cháy, "
                "chữa cháy.</p>"
                "<p>Công an xã phối hợp với các thôn tuyên truyền, hướng dẫn Nhân dân sử dụng điện, bếp đun an "
                "toàn; kiểm tra việc trang bị phương tiện chữa cháy tại các cơ sở kinh doanh; không đốt rơm "
                "rạ, rác thải gần khu dân cư.</p>"
                "<p>Khi xảy ra cháy, nổ, người dân gọi ngay số điện thoại 114 và báo cho Công an xã, trưởng "
                "thôn để được hỗ trợ kịp thời.</p>",
        "publish_at": "2026-10-20T09:00:00+07:00",
        "author": DAT,
    },
    # ---- Tuyên truyền – phổ biến pháp luật
    {
        "section": NEWS_LAW,
        "title": "Tuyên truyền, phổ biến Luật Đất đai năm 2024 đến Nhân dân trên địa bàn xã",
        "summary": "Xã Dương Quang tổ chức tuyên truyền những điểm mới của Luật Đất đai năm 2024, có hiệu lực "
                   "thi hành từ ngày 01/8/2024.",
        "body": "<p>Luật Đất đai năm 2024 có hiệu lực thi hành từ ngày 01/8/2024. Để Nhân dân hiểu và thực "
                "hiện đúng quy định, UBND xã Dương Quang đã chỉ đạo công chức Tư pháp – Hộ tịch, Địa chính – "
                "Xây dựng phối hợp với Đài truyền thanh xã triển khai công tác tuyên truyền.</p>"
                "<p>Nội dung tuyên truyền tập trung vào quyền và nghĩa vụ của người sử dụng đất; đăng ký đất "
                "đai, cấp giấy chứng nhận; bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất và các "
                "thủ tục hành chính liên quan.</p>"
                "<p>Người dân có thể tra cứu toàn văn Luật trên Cơ sở dữ liệu quốc gia về pháp luật hoặc "
                "liên hệ bộ phận Một cửa UBND xã để được hướng dẫn.</p>",
        "publish_at": "2024-07-25T09:00:00+07:00",
        "author": DAT,
    },
    {
        "section": NEWS_LAW,
        "title": "Hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2025",
        "summary": "UBND xã Dương Quang tổ chức các hoạt động hưởng ứng Ngày Pháp luật Việt Nam 9/11, nâng cao "
                   "ý thức tôn trọng và chấp hành pháp luật trong Nhân dân.",
        "body": "<p>Ngày 9/11 hằng năm là Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam, được quy "
                "định tại Luật Phổ biến, giáo dục pháp luật. Hưởng ứng Ngày Pháp luật năm 2025, UBND xã Dương "
                "Quang đã triển khai nhiều hình thức tuyên truyền phù hợp.</p>"
                "<p>Đài truyền thanh xã phát các chuyên mục phổ biến pháp luật; Trang thông tin điện tử xã "
                "đăng tải các văn bản pháp luật mới liên quan trực tiếp đến đời sống Nhân dân; các tổ hòa "
                "giải ở cơ sở được củng cố, kiện toàn.</p>"
                "<p>Thông qua các hoạt động, cán bộ, công chức và Nhân dân trong xã nâng cao ý thức tôn trọng "
                "Hiến pháp, pháp luật, xây dựng lối sống “Sống và làm việc theo Hiến pháp và pháp luật”.</p>",
        "publish_at": "2025-11-07T08:30:00+07:00",
        "author": PHUONG,
    },
    {
        "section": NEWS_LAW,
        "title": "Cảnh giác với các thủ đoạn lừa đảo chiếm đoạt tài sản qua điện thoại và mạng xã hội",
        "summary": "Công an xã khuyến cáo người dân không cung cấp mã OTP, thông tin tài khoản và không chuyển "
                   "tiền theo yêu cầu của người lạ qua điện thoại, mạng xã hội.",
        "body": "<p>Thời gian gần đây, các đối tượng xấu sử dụng nhiều thủ đoạn tinh vi như giả danh cơ quan "
                "công an, cơ quan thuế, nhân viên ngân hàng, điện lực để gọi điện, nhắn tin yêu cầu người "
                "dân cung cấp thông tin cá nhân, cài đặt ứng dụng lạ hoặc chuyển tiền.</p>"
                "<p>Công an xã Dương Quang khuyến cáo người dân:</p>"
                "<ul>"
                "<li>Không cung cấp mã OTP, mật khẩu, thông tin tài khoản ngân hàng cho bất kỳ ai;</li>"
                "<li>Không bấm vào đường link lạ, không cài đặt ứng dụng không rõ nguồn gốc;</li>"
                "<li>Cơ quan nhà nước không giải quyết công việc qua điện thoại và không yêu cầu chuyển tiền "
                "vào tài khoản cá nhân.</li>"
                "</ul>"
                "<p>Khi phát hiện dấu hiệu lừa đảo, người dân báo ngay cho Công an xã hoặc cơ quan công an "
                "gần nhất.</p>",
        "publish_at": "2026-05-12T10:00:00+07:00",
        "author": DAT,
    },
    # ---- Hoạt động các Ban, Ngành, Đoàn thể
    {
        "section": NEWS_ORGS,
        "title": "Đoàn Thanh niên xã Dương Quang kỷ niệm 93 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh",
        "summary": "Đoàn Thanh niên xã tổ chức kỷ niệm 93 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh "
                   "(26/3/1931 – 26/3/2024) và tổng kết các hoạt động Tháng Thanh niên.",
        "body": "<p>Chào mừng kỷ niệm 93 năm Ngày thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh (26/3/1931 – "
                "26/3/2024), Đoàn Thanh niên xã Dương Quang tổ chức buổi lễ kỷ niệm và tổng kết các hoạt "
                "động trong Tháng Thanh niên.</p>"
                "<p>Trong Tháng Thanh niên, đoàn viên, thanh niên các chi đoàn đã ra quân vệ sinh môi trường, "
                "trồng cây xanh, tu sửa đường làng ngõ xóm và thăm hỏi gia đình chính sách trên địa bàn "
                "xã.</p>"
                "<p>Dịp này, Đoàn Thanh niên xã phát động đoàn viên, thanh niên tích cực học tập, lập thân, "
                "lập nghiệp, tham gia hỗ trợ người dân sử dụng các dịch vụ công trực tuyến.</p>",
        "publish_at": "2024-03-26T15:00:00+07:00",
        "author": PHUONG,
    },
    {
        "section": NEWS_ORGS,
        "title": "Hội Liên hiệp Phụ nữ xã kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam",
        "summary": "Hội Liên hiệp Phụ nữ xã Dương Quang tổ chức kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ "
                   "nữ Việt Nam (20/10/1930 – 20/10/2025).",
        "body": "<p>Nhân kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930 – "
                "20/10/2025), Hội Liên hiệp Phụ nữ xã Dương Quang tổ chức gặp mặt cán bộ, hội viên phụ nữ "
                "qua các thời kỳ.</p>"
                "<p>Buổi gặp mặt ôn lại truyền thống vẻ vang của Hội Liên hiệp Phụ nữ Việt Nam, biểu dương "
                "các chi hội và hội viên tiêu biểu trong phong trào thi đua “Phụ nữ tích cực học tập, lao "
                "động sáng tạo, xây dựng gia đình hạnh phúc”.</p>"
                "<p>Lãnh đạo UBND xã ghi nhận những đóng góp của các cấp hội phụ nữ trong phát triển kinh tế "
                "gia đình, xây dựng nông thôn mới và giữ gìn nét đẹp văn hóa của quê hương.</p>",
        "publish_at": "2025-10-20T10:00:00+07:00",
        "author": PHUONG,
    },
    {
        "section": NEWS_ORGS,
        "title": "Ngày hội Đại đoàn kết toàn dân tộc năm 2026 tại các khu dân cư xã Dương Quang",
        "summary": "Kỷ niệm 96 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18/11/1930 – 18/11/2026), các "
                   "khu dân cư trong xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc.",
        "body": "<p>Hướng tới kỷ niệm 96 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18/11/1930 – "
                "18/11/2026), Ủy ban Mặt trận Tổ quốc xã Dương Quang phối hợp với các thôn tổ chức Ngày hội "
                "Đại đoàn kết toàn dân tộc tại các khu dân cư.</p>"
                "<p>Ngày hội gồm phần lễ ôn lại truyền thống của Mặt trận Tổ quốc Việt Nam, biểu dương gia "
                "đình văn hóa tiêu biểu, và phần hội với các hoạt động văn nghệ, thể thao, trò chơi dân "
                "gian.</p>"
                "<p>Đây là dịp để các tầng lớp Nhân dân tăng cường khối đại đoàn kết, cùng chung sức xây "
                "dựng khu dân cư văn minh, an toàn.</p>",
        "publish_at": "2026-11-18T17:00:00+07:00",
        "author": DAT,
    },
    # ---- Cải cách hành chính
    {
        "section": REFORM,
        "title": "Bộ phận Một cửa UBND xã hướng dẫn người dân nộp hồ sơ trực tuyến",
        "summary": "Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến trên Cổng Dịch vụ công quốc gia "
                   "và theo dõi kết quả giải quyết mà không phải đến trụ sở nhiều lần.",
        "body": "<p>Nhằm giảm thời gian đi lại cho người dân, Bộ phận Tiếp nhận và Trả kết quả (Bộ phận Một "
                "cửa) UBND xã Dương Quang tăng cường hướng dẫn tổ chức, cá nhân nộp hồ sơ thủ tục hành chính "
                "trực tuyến.</p>"
                "<p>Để nộp hồ sơ, người dân truy cập Cổng Dịch vụ công quốc gia, đăng nhập bằng tài khoản "
                "định danh điện tử, chọn thủ tục cần thực hiện, khai thông tin và đính kèm giấy tờ theo "
                "hướng dẫn. Tình trạng giải quyết hồ sơ được cập nhật trên Cổng để người dân theo dõi.</p>"
                "<p>Trường hợp gặp khó khăn, người dân có thể đến Bộ phận Một cửa UBND xã để được công chức "
                "hướng dẫn trực tiếp.</p>",
        "publish_at": "2023-08-15T09:00:00+07:00",
        "author": THU,
    },
    {
        "section": REFORM,
        "title": "UBND xã Dương Quang niêm yết, công khai thủ tục hành chính tại Bộ phận Một cửa",
        "summary": "Các thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã được niêm yết công khai để "
                   "người dân dễ tra cứu, thực hiện.",
        "body": "<p>Thực hiện nhiệm vụ cải cách hành chính, UBND xã Dương Quang đã rà soát, niêm yết công "
                "khai các thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã tại Bộ phận Một cửa.</p>"
                "<p>Nội dung niêm yết gồm tên thủ tục, thành phần hồ sơ, thời hạn giải quyết, phí, lệ phí "
                "(nếu có) và địa chỉ tiếp nhận phản ánh, kiến nghị về quy định hành chính.</p>"
                "<p>Người dân cũng có thể tra cứu thông tin thủ tục hành chính qua liên kết “Bộ thủ tục hành "
                "chính” trên Trang thông tin điện tử xã.</p>",
        "publish_at": "2024-05-14T08:30:00+07:00",
        "author": THU,
    },
    {
        "section": REFORM,
        "title": "Nâng cao chất lượng giải quyết thủ tục hành chính, lấy sự hài lòng của người dân làm thước đo",
        "summary": "UBND xã Dương Quang tiếp tục nâng cao tinh thần, thái độ phục vụ của cán bộ, công chức và "
                   "khuyến khích người dân đánh giá chất lượng giải quyết thủ tục hành chính.",
        "body": "<p>UBND xã Dương Quang xác định sự hài lòng của người dân, doanh nghiệp là thước đo chất "
                "lượng phục vụ của cơ quan hành chính nhà nước.</p>"
                "<p>UBND xã yêu cầu cán bộ, công chức tại Bộ phận Một cửa hướng dẫn đầy đủ, rõ ràng ngay từ "
                "lần đầu, giải quyết hồ sơ đúng hạn và thông báo, xin lỗi khi hồ sơ bị chậm.</p>"
                "<p>Người dân được khuyến khích đánh giá mức độ hài lòng sau khi nhận kết quả và gửi phản "
                "ánh, kiến nghị về thủ tục hành chính tới UBND xã để kịp thời khắc phục.</p>",
        "publish_at": "2026-04-08T09:00:00+07:00",
        "author": THU,
    },
    # ---- Chuyển đổi số
    {
        "section": DIGITAL,
        "title": "Xã Dương Quang hưởng ứng Ngày Chuyển đổi số quốc gia 10/10",
        "summary": "UBND xã Dương Quang tổ chức tuyên truyền, hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 năm "
                   "2023.",
        "body": "<p>Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10, UBND xã Dương Quang đã triển khai các hoạt "
                "động tuyên truyền về lợi ích của chuyển đổi số đến cán bộ, công chức và Nhân dân.</p>"
                "<p>Đài truyền thanh xã, Trang thông tin điện tử xã đăng phát các tin, bài về chính quyền số, "
                "kinh tế số, xã hội số; hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán "
                "không dùng tiền mặt.</p>"
                "<p>Chuyên mục Chuyển đổi số trên Trang thông tin điện tử xã thường xuyên cập nhật các văn "
                "bản, hướng dẫn và mô hình hay về chuyển đổi số để người dân tiện theo dõi.</p>",
        "publish_at": "2023-10-10T08:00:00+07:00",
        "author": DAT,
    },
    {
        "section": DIGITAL,
        "title": "Chuyển đổi số: Tổ công nghệ số cộng đồng hỗ trợ người dân sử dụng dịch vụ công trực tuyến",
        "summary": "Các Tổ công nghệ số cộng đồng ở thôn hướng dẫn người dân kích hoạt tài khoản định danh "
                   "điện tử và sử dụng dịch vụ công trực tuyến.",
        "body": "<p>Thực hiện nhiệm vụ chuyển đổi số, các Tổ công nghệ số cộng đồng tại các thôn của xã Dương "
                "Quang thường xuyên hỗ trợ người dân tiếp cận, sử dụng các nền tảng số.</p>"
                "<p>Thành viên Tổ công nghệ số cộng đồng, nhiều người là đoàn viên thanh niên, hướng dẫn bà "
                "con kích hoạt tài khoản định danh điện tử VNeID, đăng nhập Cổng Dịch vụ công quốc gia, nộp "
                "hồ sơ trực tuyến và nhận diện các thủ đoạn lừa đảo trên không gian mạng.</p>"
                "<p>Người dân có nhu cầu được hỗ trợ có thể liên hệ trưởng thôn hoặc Bộ phận Một cửa UBND xã "
                "để được kết nối với Tổ công nghệ số cộng đồng.</p>",
        "publish_at": "2024-04-17T14:00:00+07:00",
        "author": DAT,
    },
    {
        "section": DIGITAL,
        "title": "Đẩy mạnh thanh toán không dùng tiền mặt trong giải quyết thủ tục hành chính và dịch vụ "
                 "thiết yếu",
        "summary": "UBND xã khuyến khích người dân thanh toán phí, lệ phí, tiền điện và các dịch vụ thiết yếu "
                   "qua tài khoản ngân hàng, ví điện tử.",
        "body": "<p>Thanh toán không dùng tiền mặt là một nội dung quan trọng của chuyển đổi số, giúp người "
                "dân tiết kiệm thời gian, chi phí và bảo đảm minh bạch.</p>"
                "<p>UBND xã Dương Quang khuyến khích người dân nộp phí, lệ phí thủ tục hành chính trực tuyến "
                "qua Cổng Dịch vụ công quốc gia; thanh toán tiền điện qua liên kết “Thanh toán tiền điện "
                "trực tuyến” trên Trang thông tin điện tử xã hoặc ứng dụng ngân hàng.</p>"
                "<p>Người dân cần bảo mật thông tin tài khoản, chỉ giao dịch trên các ứng dụng, trang web "
                "chính thức.</p>",
        "publish_at": "2026-08-19T09:30:00+07:00",
        "author": PHUONG,
    },
    # ---- Thông báo của UBND xã
    {
        "section": NOTICES,
        "title": "Thông báo số 88/TB-UBND ngày 27/06/2023 về việc cung cấp tin bài cho Trang thông tin điện tử xã",
        "summary": "UBND xã đề nghị các bộ phận chuyên môn, các ban, ngành, đoàn thể và các thôn thường xuyên "
                   "cung cấp tin, bài cho Trang thông tin điện tử xã.",
        "body": "<p>Ngày 27/06/2023, UBND xã Dương Quang ban hành Thông báo số 88/TB-UBND về việc cung cấp tin "
                "bài cho Trang thông tin điện tử xã.</p>"
                "<p>UBND xã đề nghị các bộ phận chuyên môn, các ban, ngành, đoàn thể và các thôn chủ động cung "
                "cấp tin, bài, hình ảnh về hoạt động của đơn vị mình, các văn bản cần công khai, tuyên truyền "
                "tới Nhân dân.</p>"
                "<p>Tin, bài gửi về Ban Biên tập Trang thông tin điện tử xã (Bà Kiều Thị Phượng – Phó Trưởng "
                "Ban) để biên tập, trình Trưởng Ban duyệt trước khi đăng tải. Nội dung phải chính xác, khách "
                "quan và đúng quy định của pháp luật.</p>",
        "publish_at": "2023-06-27T14:00:00+07:00",
        "author": PHUONG,
        "pinned": True,
    },
    {
        "section": NOTICES,
        "title": "Thông báo lịch nghỉ Tết Nguyên đán Ất Tỵ 2025 và bố trí trực giải quyết công việc",
        "summary": "Cán bộ, công chức UBND xã nghỉ Tết Nguyên đán Ất Tỵ từ thứ Bảy 25/01/2025 đến hết Chủ "
                   "nhật 02/02/2025; UBND xã bố trí lịch trực trong những ngày nghỉ.",
        "body": "<p>Thực hiện quy định về lịch nghỉ Tết Nguyên đán Ất Tỵ năm 2025, cán bộ, công chức UBND xã "
                "Dương Quang nghỉ Tết từ thứ Bảy ngày 25/01/2025 đến hết Chủ nhật ngày 02/02/2025.</p>"
                "<p>Trong những ngày nghỉ Tết, UBND xã bố trí lãnh đạo, công chức trực tại trụ sở để giải "
                "quyết các công việc đột xuất, khẩn cấp; Công an xã, Ban Chỉ huy Quân sự xã trực bảo đảm an "
                "ninh trật tự trên địa bàn.</p>"
                "<p>Bộ phận Một cửa UBND xã tiếp nhận hồ sơ trở lại từ thứ Hai ngày 03/02/2025. Hồ sơ nộp "
                "trực tuyến trong thời gian nghỉ Tết được xử lý theo thứ tự khi làm việc trở lại.</p>",
        "publish_at": "2025-01-20T08:00:00+07:00",
        "author": THU,
    },
    {
        "section": NOTICES,
        "title": "Thông báo về việc tiếp công dân định kỳ của lãnh đạo UBND xã năm 2026",
        "summary": "Lịch tiếp công dân định kỳ của lãnh đạo UBND xã được đăng trong Lịch công tác "
                   "hằng tuần và niêm yết tại trụ sở UBND xã.",
        "body": "<p>UBND xã Dương Quang thông báo: lãnh đạo UBND xã tiếp công dân định kỳ tại Phòng tiếp công "
                "dân UBND xã. Thời gian cụ thể được đăng trong mục “Lịch công tác” hằng tuần "
                "trên Trang thông tin điện tử xã và niêm yết tại trụ sở UBND xã.</p>"
                "<p>Ngoài lịch định kỳ, công dân có thể đến trụ sở UBND xã trong giờ hành chính các ngày làm "
                "việc để được tiếp, hướng dẫn việc khiếu nại, tố cáo, kiến nghị, phản ánh theo quy định.</p>"
                "<p>Khi đến, công dân mang theo giấy tờ tùy thân và các tài liệu liên quan (nếu có).</p>",
        "publish_at": "2026-01-05T08:00:00+07:00",
        "author": THU,
        "pinned": True,
    },
    # ---- Du lịch
    {
        "section": TOURISM,
        "title": "Mở chuyên mục “Du lịch” trên Trang thông tin điện tử xã Dương Quang",
        "summary": "Trang thông tin điện tử xã mở chuyên mục “Du lịch” nhằm quảng bá các di tích lịch sử của "
                   "địa phương.",
        "body": "<p>Nhằm quảng bá các di tích lịch sử – văn hóa của địa phương, Ban Biên tập Trang thông tin "
                "điện tử xã Dương Quang đã mở chuyên mục kênh tin “Du lịch”.</p>"
                "<p>Chuyên mục giới thiệu lịch sử hình thành, giá trị kiến trúc, nghệ thuật của các di tích và "
                "các lễ hội truyền thống trên địa bàn xã, góp phần giáo dục truyền thống và thu hút du khách "
                "đến thăm quê hương.</p>"
                "<p>Ban Biên tập mong nhận được tư liệu, hình ảnh về các di tích, lễ hội từ Nhân dân và các "
                "thôn để chuyên mục ngày càng phong phú.</p>",
        "publish_at": "2023-09-15T09:00:00+07:00",
        "author": PHUONG,
    },
    {
        "section": TOURISM,
        "title": "Giữ gìn và phát huy giá trị di tích lịch sử – văn hóa trên địa bàn xã",
        "summary": "Các di tích lịch sử – văn hóa là tài sản quý của cộng đồng; UBND xã đề nghị Nhân dân cùng "
                   "chung tay bảo vệ, giữ gìn.",
        "body": "<p>Các đình, chùa, miếu trên địa bàn xã Dương Quang là nơi lưu giữ những giá trị lịch sử, văn "
                "hóa và tín ngưỡng của cộng đồng qua nhiều thế hệ.</p>"
                "<p>UBND xã chỉ đạo công chức Văn hóa – Xã hội phối hợp với các thôn và ban quản lý di tích "
                "thường xuyên kiểm tra, giữ gìn cảnh quan, vệ sinh môi trường tại di tích; việc tu bổ, tôn tạo "
                "di tích phải thực hiện đúng quy định của pháp luật về di sản văn hóa.</p>"
                "<p>Du khách đến tham quan được đề nghị ăn mặc lịch sự, giữ gìn trật tự và không viết, vẽ, "
                "khắc lên di tích.</p>",
        "publish_at": "2025-03-10T09:00:00+07:00",
        "author": PHUONG,
    },
)


def _section_slug(name: str, slug: str | None) -> str:
    """Return the slug a section will get, refusing one owned by a fixed route."""
    result = slugify(slug or name, max_length=60)
    if result in RESERVED_SLUGS:
        raise ValueError(f"Section slug {result!r} is reserved; give {name!r} an explicit slug.")
    return result


def seed_content(content: Content, figures: dict[str, str] | None = None) -> bool:
    """Fill an empty site with the settings, sections, pages, links and articles; return whether it did.

    ``figures`` maps an article's title to an illustration put at the top of its body.
    """
    if content.sections(include_hidden=True):
        return False  # never seed over an existing site
    content.save_settings(DEMO_SETTINGS)

    section_ids: dict[str, int] = {}
    for name, kind, slug, children in SECTIONS:
        parent = content.save_section({"name": name, "kind": kind, "parent_id": None,
                                       "slug": _section_slug(name, slug)})
        section_ids[name] = parent["id"]
        for child in children:
            sub = content.save_section({"name": child, "kind": KIND_ARTICLES, "parent_id": parent["id"],
                                        "slug": _section_slug(child, None),
                                        "feature": "documents" if child == NEWS_DIRECTIVES else None})
            section_ids[child] = sub["id"]

    for title, body in PAGES:
        content.save_page({"title": title, "body": body})

    for title, url in LINKS:
        content.save_link({"title": title, "url": url})

    dates = {}
    for item in sorted(ARTICLES, key=lambda a: a["publish_at"]):
        saved = content.save_article({
            "title": item["title"],
            "summary": item["summary"],
            "body": (figures or {}).get(item["title"], "") + item["body"],
            "section_id": section_ids[item["section"]],
            "status": STATUS_PUBLISHED,
            "publish_at": item["publish_at"],
            "author": item["author"],
            "pinned": item.get("pinned", False),
        })
        dates[saved["id"]] = item["publish_at"]
    # Written when they were published, not when the site was installed: "Cập nhật" tells no tale.
    content.set_article_dates(dates)

    return True
