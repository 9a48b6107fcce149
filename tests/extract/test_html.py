from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.extract.html import read_html
from checker.extract.models import Document, Link

URL = "https://www.khwaoyai.go.th/ita/2567.php"

ITA_PAGE = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<title> ITA ๒๕๖๗ | องค์การบริหารส่วนตำบลขวาวใหญ่ </title>
<script>var menu = "เมนูในสคริปต์";</script><style>.x{content:"สไตล์"}</style>
</head>
<body class="page has-sidebar">
<header id="masthead" class="site-header">
  <a href="/"><img src="/img/logo.png" alt="ตราสัญลักษณ์ อบต.ขวาวใหญ่"></a>
  <nav class="main-navigation"><ul class="menu">
    <li><a href="/about.php">ข้อมูลพื้นฐาน</a></li>
    <li><a href="/structure.php">โครงสร้างองค์กร</a></li>
    <li><a href="/news.php">ข่าวประชาสัมพันธ์</a></li>
  </ul></nav>
  <form role="search" action="/search.php"><input name="keyword"><button>ค้นหา</button></form>
</header>
<div class="breadcrumb"><a href="/">หน้าแรก</a> &gt; ITA</div>
<main>
  <h1>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. ๒๕๖๗</h1>
  <div class="accordion">
    <div class="card"><div class="card-header"><h2>9.1 ข้อมูลพื้นฐาน</h2></div>
    <div class="card-body"><table>
      <tr><th>ข้อ</th><th>ข้อมูล</th><th>การเชื่อมโยง</th></tr>
      <tr><td>O1</td><td>โครงสร้าง</td><td><a href="/structure.php">โครงสร้างองค์กร</a></td></tr>
      <tr><td>O9</td><td>แผนการดำเนินงานและการใช้งบประมาณประจำปี</td>
          <td><a href="viewer.php?pdf=%2Ffiles%2Fplan.pdf">แผนดำเนินงานปี 2567.pdf</a></td></tr>
      <tr><td>O10</td><td>รายงานการกำกับติดตาม รอบ 6 เดือน</td>
          <td><a href="/files/report6.pdf"><img src="/img/pdf-icon.png" alt="PDF">
              รายงานรอบ 6 เดือน</a></td></tr>
    </table></div></div>
  </div>
  <h3>ข่าวจัดซื้อจัดจ้าง</h3>
  <ul class="news">
    <li><span class="date">12 ม.ค. 67</span>
        <a href="/news.php?id=51#top">ประกาศ<b>ผล</b>การจัดซื้อ</a></li>
    <li><span class="date">3 ก.พ. 67</span> <a href="/news.php?id=52">ประกาศราคากลาง</a></li>
  </ul>
  <p>ติดต่อ <a href="mailto:saraban@khwaoyai.go.th">saraban@khwaoyai.go.th</a>
     โทร <a href="tel:044000000">044-000-000</a>
     <a href="javascript:void(0)" onclick="window.open('/files/form.docx')">แบบฟอร์ม</a></p>
  <img src="/img/spacer.gif" width="1" height="1">
  <img src="data:image/gif;base64,R0lGOD" data-src="/uploads/infographic.jpg"
       alt="อินโฟกราฟิก งบประมาณ">
  <img src="/uploads/logo-ita.png" alt="ITA">
  <iframe src="https://flowpaper.com/flipbook/?pdf=https://www.khwaoyai.go.th/wp-content/uploads/o11.pdf"
          title="รายงานผลการดำเนินงาน"></iframe>
  <form method="post" action="complaint.php" enctype="multipart/form-data">
    <input name="name"><input type="email" name="email"><input type="hidden" name="t">
    <textarea name="detail"></textarea><input type="file" name="evidence">
    <select name="topic"><option>ทุจริต</option></select><input type="submit" value="ส่ง">
  </form>
</main>
<aside class="sidebar"><h3>ลิงก์ที่น่าสนใจ</h3>
  <a href="https://www.nacc.go.th/">สำนักงาน ป.ป.ช.</a></aside>
<footer>สงวนลิขสิทธิ์ อบต.ขวาวใหญ่</footer>
</body></html>"""


def read(html: str, url: str = URL) -> Document:
    return read_html(url, html, encoding="utf-8")


def link(document: Document, url: str) -> Link:
    matches = [entry for entry in document.links if entry.url == url]
    assert len(matches) == 1, [entry.url for entry in document.links]
    return matches[0]


def test_title_and_headings() -> None:
    document = read(ITA_PAGE)
    assert document.kind == "html"
    assert document.readable
    assert document.title == "ITA 2567 | องค์การบริหารส่วนตำบลขวาวใหญ่"
    assert document.headings == [
        "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2567",
        "9.1 ข้อมูลพื้นฐาน",
        "ข่าวจัดซื้อจัดจ้าง",
    ]


def test_text_is_the_pages_own_content() -> None:
    text = read(ITA_PAGE).text
    assert "ประจำปีงบประมาณ พ.ศ. 2567" in text
    assert "O9 แผนการดำเนินงานและการใช้งบประมาณประจำปี" in text
    assert "ประกาศผลการจัดซื้อ" in text  # inline <b> does not split the word
    assert "12 ม.ค. 67" in text
    assert "ติดต่อ saraban@khwaoyai.go.th โทร 044-000-000" in text  # mailto/tel keep their words
    for chrome in (
        "เมนูในสคริปต์",
        "สไตล์",
        "ข่าวประชาสัมพันธ์",
        "หน้าแรก",
        "ลิงก์ที่น่าสนใจ",
        "สงวนลิขสิทธิ์",
        "ค้นหา",
    ):
        assert chrome not in text


def test_text_leaves_out_the_anchor_text_of_documents() -> None:
    document = read(ITA_PAGE)
    assert "แผนดำเนินงานปี 2567.pdf" not in document.text
    assert "รายงานรอบ 6 เดือน" not in document.text
    assert "แบบฟอร์ม" not in document.text
    assert "โครงสร้างองค์กร" in document.text  # a link to a page keeps its words


def test_menu_links_are_kept_in_links() -> None:
    document = read(ITA_PAGE)
    assert link(document, "https://www.khwaoyai.go.th/news.php").text == "ข่าวประชาสัมพันธ์"
    assert link(document, "https://www.nacc.go.th/").host == "www.nacc.go.th"


def test_viewer_link_is_unwrapped_to_the_pdf() -> None:
    document = read(ITA_PAGE)
    plan = link(document, "https://www.khwaoyai.go.th/files/plan.pdf")
    assert plan.kind == "document"
    assert plan.wrapped_by == "https://www.khwaoyai.go.th/ita/viewer.php?pdf=%2Ffiles%2Fplan.pdf"
    assert plan.text == "แผนดำเนินงานปี 2567.pdf"
    # The context is the whole row: the item code and name sit in other cells.
    assert plan.context.startswith("O9 แผนการดำเนินงานและการใช้งบประมาณประจำปี")
    flipbook = link(document, "https://www.khwaoyai.go.th/wp-content/uploads/o11.pdf")
    assert flipbook.wrapped_by is not None and flipbook.wrapped_by.startswith("https://flowpaper")
    assert flipbook.text == "รายงานผลการดำเนินงาน"


def test_link_details() -> None:
    document = read(ITA_PAGE)
    news = link(document, "https://www.khwaoyai.go.th/news.php?id=51")  # fragment dropped
    assert news.kind == "page"
    assert news.text == "ประกาศผลการจัดซื้อ"
    assert news.context == "12 ม.ค. 67 ประกาศผลการจัดซื้อ"
    report = link(document, "https://www.khwaoyai.go.th/files/report6.pdf")
    assert report.text == "รายงานรอบ 6 เดือน"  # an icon's alt only stands in for no text
    form = link(document, "https://www.khwaoyai.go.th/files/form.docx")  # from onclick
    assert form.kind == "document"
    urls = [entry.url for entry in document.links]
    assert not [u for u in urls if not u.startswith("https://")]  # no mailto/tel/javascript
    assert len(urls) == len(set(urls))
    # The logo link has no text of its own: the image's alt stands in.
    assert link(document, "https://www.khwaoyai.go.th/").text == "ตราสัญลักษณ์ อบต.ขวาวใหญ่"


def test_forms() -> None:
    search, complaint = read(ITA_PAGE).forms
    assert search.is_search
    assert search.method == "get"
    assert search.action == "https://www.khwaoyai.go.th/search.php"
    assert complaint.model_dump() == {
        "action": "https://www.khwaoyai.go.th/ita/complaint.php",
        "method": "post",
        "text_inputs": 2,
        "textareas": 1,
        "file_inputs": 1,
        "selects": 1,
        "is_search": False,
    }


def test_search_form_by_field_name() -> None:
    document = read(
        '<form action="/"><input type="text" name="s"><input type="submit"></form>'
        '<form><input name="q"><textarea name="t"></textarea></form>'
        '<form method="post"><input name="search"></form>'
    )
    assert [form.is_search for form in document.forms] == [True, False, False]
    assert document.forms[0].action == "https://www.khwaoyai.go.th/"
    assert document.forms[1].action is None


def test_images_in_content_without_decoration() -> None:
    images = read(ITA_PAGE).images
    assert [(image.src, image.alt) for image in images] == [
        ("https://www.khwaoyai.go.th/uploads/infographic.jpg", "อินโฟกราฟิก งบประมาณ"),
        ("https://www.khwaoyai.go.th/uploads/logo-ita.png", "ITA"),
    ]


def test_base_href_is_respected() -> None:
    document = read('<base href="https://cdn.khwaoyai.go.th/docs/"><a href="a.pdf">ก</a>')
    assert document.links[0].url == "https://cdn.khwaoyai.go.th/docs/a.pdf"


def test_duplicate_links_keep_the_first_non_empty_text() -> None:
    document = read(
        '<a href="/a.php"><img src="/x.png"></a><a href="/a.php">หน้า ก</a><a href="/a.php">ข</a>'
    )
    assert [(entry.url, entry.text) for entry in document.links] == [
        ("https://www.khwaoyai.go.th/a.php", "หน้า ก")
    ]


def test_embedded_viewers_are_links() -> None:
    document = read(
        '<embed src="/files/a.pdf" type="application/pdf">'
        '<object data="/files/b.pdf"></object>'
        '<frameset><frame src="/menu.html"></frameset>'
        '<map><area href="/c.php" alt="แผนที่"></map>'
    )
    kinds = {entry.url.rsplit("/", 1)[1]: entry.kind for entry in document.links}
    assert kinds == {
        "a.pdf": "document",
        "b.pdf": "document",
        "menu.html": "page",
        "c.php": "page",
    }
    assert link(document, "https://www.khwaoyai.go.th/c.php").text == "แผนที่"


def test_meta_refresh_is_a_link() -> None:
    document = read('<meta http-equiv="refresh" content="0; url=/web/index.php">')
    assert [entry.url for entry in document.links] == ["https://www.khwaoyai.go.th/web/index.php"]


def test_block_boundaries_separate_words() -> None:
    document = read(
        "<table><tr><td>ปีงบประมาณ</td><td>2567</td></tr></table><div>ก</div><div>ข</div>"
        "<p>ค<br>ง</p><span>จ</span><span>ฉ</span>"
    )
    assert document.text == "ปีงบประมาณ 2567 ก ข ค ง จฉ"


def test_title_falls_back_to_og_title_then_h1() -> None:
    assert read('<meta property="og:title" content="แผน ๒๕๖๗"><h1>หัว</h1>').title == "แผน 2567"
    assert read("<body><h1> หัวเรื่อง <small>ย่อย</small></h1></body>").title == "หัวเรื่อง ย่อย"
    assert read("<p>ไม่มีชื่อ</p>").title == ""


def test_content_root_excludes_sidebars_outside_it() -> None:
    document = read(
        '<div id="left">เมนูซ้าย ไม่มีคลาส</div>'
        '<div id="content"><p>เนื้อหาหลักของหน้านี้ยาวพอสมควร</p></div>'
    )
    assert document.text == "เนื้อหาหลักของหน้านี้ยาวพอสมควร"


def test_without_content_root_the_body_minus_chrome_is_read() -> None:
    document = read(
        '<div class="topmenu"><a href="/a">เมนู</a></div><table><tr><td class="leftmenu">ซ้าย</td>'
        "<td>เนื้อหาในตาราง</td></tr></table>"
        '<div id="footer">ท้าย</div>'
    )
    assert document.text == "เนื้อหาในตาราง"


def test_several_articles_are_a_listing_not_a_root() -> None:
    document = read(
        "<article><header><h2>ข่าว 1</h2><time>12 ม.ค. 67</time></header><p>หนึ่ง</p></article>"
        "<article><h2>ข่าว 2</h2><p>สอง</p></article>"
    )
    assert document.text == "ข่าว 1 12 ม.ค. 67 หนึ่ง ข่าว 2 สอง"  # an article's header stays


def test_an_almost_empty_content_root_is_ignored() -> None:
    document = read('<div class="content">x</div><div><p>ข้อความที่แท้จริงของหน้านี้</p></div>')
    assert "ข้อความที่แท้จริงของหน้านี้" in document.text


def test_tabs_and_accordion_headers_are_not_chrome() -> None:
    document = read(
        '<ul class="nav nav-tabs"><li><a href="#y67">ITA 2567</a></li></ul>'
        '<div class="tab-content"><div class="accordion-header">O1 โครงสร้าง</div>'
        '<div class="card-header">O2 ข้อมูลผู้บริหาร</div>'
        '<div class="entry-header">ประกาศ</div></div>'
    )
    assert document.text == "ITA 2567 O1 โครงสร้าง O2 ข้อมูลผู้บริหาร ประกาศ"


def test_layout_classes_are_not_chrome() -> None:
    document = read('<div class="content-with-sidebar no-sidebar"><p>เนื้อหา</p></div>')
    assert document.text == "เนื้อหา"


def test_headings_are_capped() -> None:
    document = read("".join(f"<h3>หัวข้อ {i}</h3>" for i in range(50)))
    assert len(document.headings) == 30


def test_broken_html_still_yields_text() -> None:
    document = read("<html><body><table><tr><td>แผน<td>ปีงบประมาณ 2567<p>ต่อ<div>ท้าย</span>")
    assert document.text == "แผน ปีงบประมาณ 2567 ต่อ ท้าย"


def test_xml_declaration_and_tiny_bodies_do_not_warn() -> None:
    # pytest turns warnings into errors: BeautifulSoup's XML and "looks like a URL" warnings
    # must not fire.
    assert (
        read('<?xml version="1.0" encoding="utf-8"?><rss><title>ข่าว</title></rss>').title == "ข่าว"
    )
    assert read("http://example.com/page.html").text == "http://example.com/page.html"
    assert read("index.html").text == "index.html"
    assert read("").text == ""


def test_nul_and_comments_are_dropped() -> None:
    assert read("<p>ก\x00ข<!-- ความเห็น --></p>").text == "กข"


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>/=\"' abcdpta&;#ก่าำ\n")) | st.characters(), max_size=300
    )
)
def test_read_html_never_raises(markup: str) -> None:
    document = read(markup)
    assert document.kind == "html"


def test_bootstrap_navbar_collapse_is_chrome_and_body_classes_are_not() -> None:
    document = read(
        '<body class="navbar-fixed has-sidebar"><div class="container">'
        '<div class="collapse navbar-collapse"><a href="/a">เมนูบน</a></div>'
        "<p>เนื้อหา</p></div></body>"
    )
    assert document.text == "เนื้อหา"
    assert link(document, "https://www.khwaoyai.go.th/a").text == "เมนูบน"


def test_select_options_are_not_text() -> None:
    document = read(
        "<p>เลือกปีงบประมาณ</p><select><option>2565</option><option>2566</option></select>"
    )
    assert document.text == "เลือกปีงบประมาณ"


def test_image_links_keep_their_images_but_not_their_text() -> None:
    document = read(
        '<main><a href="/uploads/o1-big.jpg"><img src="/uploads/o1.jpg" alt="โครงสร้าง">'
        "ภาพโครงสร้าง</a><p>หน้า O1</p></main>"
    )
    assert document.text == "หน้า O1"
    assert link(document, "https://www.khwaoyai.go.th/uploads/o1-big.jpg").kind == "image"
    assert [image.alt for image in document.images] == ["โครงสร้าง"]


def test_image_sizes_that_are_not_plain_numbers() -> None:
    # Found by fuzzing: "²".isdigit() is True but int("²") fails, and int() refuses 5,000
    # digits: read_html raised ValueError on such a width (read_document's safety net caught it).
    for width in ("²", "9" * 5000, "๒", "1.5"):
        page = f'<html><body><p>ข่าว</p><img src="/news.jpg" width="{width}"></body></html>'
        document = read_html("https://www.example.go.th/", page)
        assert [image.src for image in document.images] == ["https://www.example.go.th/news.jpg"]
