"""Reading an agency's ITA page: tables, lists, accordions, tabs, code spellings, year sections."""

from __future__ import annotations

from checker.catalogue.loader import load_catalogue_for_year
from checker.discover.ita_page import parse_ita_page

LOADED = load_catalogue_for_year(2567)
URL = "https://www.example.go.th/ita.php"


def parse(body: str, year: int = 2567):  # type: ignore[no-untyped-def]
    html = f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    return parse_ita_page(html, URL, LOADED.items, year)


def links(index, item: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [link.url for link in index.rows[item].links]


def test_table_rows_with_every_code_spelling() -> None:
    index = parse("""
      <h2>ITA 2567</h2>
      <table><tr><th>ข้อ</th><th>ข้อมูล</th><th>URL</th><th>คำอธิบาย</th></tr>
      <tr><td>O1</td><td>โครงสร้าง</td><td><a href="/org.php">คลิก</a></td><td>แผนผัง</td></tr>
      <tr><td>o2</td><td>ข้อมูลผู้บริหาร</td><td><a href="/board.php">คลิก</a></td><td></td></tr>
      <tr><td>O.3</td><td>อำนาจหน้าที่</td><td><a href="/duty.php">คลิก</a></td><td></td></tr>
      <tr><td>O 4</td><td>ข้อมูลการติดต่อ</td><td><a href="/contact.php">คลิก</a></td><td></td></tr>
      <tr><td>OIT5</td><td>ข่าวประชาสัมพันธ์</td><td><a href="/news.php">ข่าว</a></td><td></td></tr>
      <tr><td>O06</td><td>Q&amp;A</td><td><a href="/qa.php">ถามตอบ</a></td><td></td></tr>
      <tr><td>ข้อ O7</td><td>แผนยุทธศาสตร์</td><td><a href="/plan.pdf">ดาวน์โหลด</a> <a href="/plan2.pdf">เพิ่มเติม</a></td><td></td></tr>
      </table>""")
    assert index.year_section == 2567
    assert set(index.rows) == {"O1", "O2", "O3", "O4", "O5", "O6", "O7"}
    assert links(index, "O3") == ["https://www.example.go.th/duty.php"]
    assert links(index, "O7") == [
        "https://www.example.go.th/plan.pdf",
        "https://www.example.go.th/plan2.pdf",
    ]
    assert all(row.matched_by == "code" for row in index.rows.values())


def test_the_assessment_years_section_is_chosen() -> None:
    body = """
      <h1>การประเมินคุณธรรมและความโปร่งใส (ITA)</h1>
      <h2>ITA 2566</h2>
      <ul><li><a href="/2566/o1.pdf">O1 โครงสร้าง</a></li><li><a href="/2566/o10.pdf">O10 แผนดำเนินงานประจำปี</a></li></ul>
      <h2>ITA ปี พ.ศ.2567</h2>
      <ul><li><a href="/2567/o1.pdf">O1 โครงสร้าง</a></li><li><a href="/2567/o10.pdf">O10 คู่มือการปฏิบัติงาน</a></li></ul>
    """
    index = parse(body)
    assert index.year_section == 2567 and index.years_seen == [2566, 2567]
    assert links(index, "O1") == ["https://www.example.go.th/2567/o1.pdf"]
    assert links(index, "O10") == ["https://www.example.go.th/2567/o10.pdf"]
    older = parse(body, year=2566)
    assert links(older, "O1") == ["https://www.example.go.th/2566/o1.pdf"]


def test_tab_panels_carry_the_year_in_their_id() -> None:
    index = parse("""
      <ul class="nav-tabs"><li><a href="#y2566" data-toggle="tab">ITA 2566</a></li>
          <li><a href="#y2567" data-toggle="tab">ITA 2567</a></li></ul>
      <div class="tab-content">
        <div id="y2566" class="tab-pane"><p>O2 ข้อมูลผู้บริหาร <a href="/old-board.php">เปิด</a></p></div>
        <div id="y2567" class="tab-pane"><p>O2 ข้อมูลผู้บริหาร <a href="/board.php">เปิด</a></p></div>
      </div>""")
    assert links(index, "O2") == ["https://www.example.go.th/board.php"]


def test_accordion_headers_start_rows() -> None:
    index = parse("""
      <h3>ประจำปีงบประมาณ พ.ศ. 2567</h3>
      <div class="accordion">
        <div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button">O22 แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ</button></h2>
          <div class="accordion-collapse"><div class="accordion-body"><a href="/manual.pdf">คู่มือ</a></div></div></div>
        <div class="accordion-item"><h2 class="accordion-header"><button class="accordion-button">O23 ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ</button></h2>
          <div class="accordion-collapse"><div class="accordion-body"><a href="/complain.php">แจ้งเรื่อง</a></div></div></div>
      </div>""")
    assert links(index, "O22") == ["https://www.example.go.th/manual.pdf"]
    assert links(index, "O23") == ["https://www.example.go.th/complain.php"]


def test_rows_written_with_titles_only() -> None:
    index = parse("""
      <h4>ตัวชี้วัดย่อยที่ 10.2 การส่งเสริมคุณธรรมและความโปร่งใส</h4>
      <ul>
        <li><a href="/anti-plan.pdf">แผนปฏิบัติการป้องกันการทุจริต</a></li>
        <li><a href="/anti-report.pdf">รายงานผลการดำเนินการป้องกันการทุจริตประจำปี</a></li>
        <li>มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน <a href="/measures.pdf">ดาวน์โหลด</a></li>
      </ul>""")
    assert links(index, "O32") == ["https://www.example.go.th/anti-plan.pdf"]
    assert links(index, "O33") == ["https://www.example.go.th/anti-report.pdf"]
    assert links(index, "O34") == ["https://www.example.go.th/measures.pdf"]
    assert index.rows["O32"].matched_by == "title"


def test_a_coded_row_keeps_a_link_titled_like_another_item() -> None:
    """An agency that links O26's announcement again under O28 has linked it for O28."""
    index = parse("""
      <table><tr><td>O26</td><td>ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่</td>
        <td><a href="/nogift.pdf">ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่</a></td></tr>
      <tr><td>O28</td><td>รายงานผลตามนโยบาย No Gift Policy</td>
        <td><a href="/nogift.pdf">ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่</a></td></tr></table>""")
    assert links(index, "O26") == ["https://www.example.go.th/nogift.pdf"]
    assert links(index, "O28") == ["https://www.example.go.th/nogift.pdf"]


def test_a_row_without_a_link_is_recorded_with_its_text() -> None:
    index = parse("""<table><tr><td>O12</td><td>ข้อมูลสถิติการให้บริการ</td><td>อยู่ระหว่างจัดทำ</td></tr>
                     <tr><td>O13</td><td>E-Service</td><td><a href="/eservice.php">E-Service</a></td></tr></table>""")
    assert index.rows["O12"].links == []
    assert "อยู่ระหว่างจัดทำ" in index.rows["O12"].text
    assert links(index, "O13") == ["https://www.example.go.th/eservice.php"]


def test_pdf_viewer_links_are_unwrapped() -> None:
    index = parse('<p>O20 ประมวลจริยธรรม <a href="/viewer.php?pdf=%2Ffiles%2Fcode.pdf">อ่าน</a></p>')
    link = index.rows["O20"].links[0]
    assert link.url == "https://www.example.go.th/files/code.pdf"
    assert link.wrapped_by == "https://www.example.go.th/viewer.php?pdf=%2Ffiles%2Fcode.pdf"


def test_a_page_holding_only_another_year_gives_no_rows() -> None:
    index = parse('<h2>ITA 2566</h2><p>O1 โครงสร้าง <a href="/o1.pdf">เปิด</a></p>')
    assert index.rows == {} and index.years_seen == [2566]


def test_a_page_without_year_markers_is_the_current_one() -> None:
    index = parse(
        '<p>O1 โครงสร้าง <a href="/o1.pdf">เปิด</a></p><p>O2 ข้อมูลผู้บริหาร <a href="/o2.php">เปิด</a></p>'
    )
    assert set(index.rows) == {"O1", "O2"} and index.year_section is None


def test_codes_beyond_the_catalogue_and_words_like_no_are_not_items() -> None:
    index = parse(
        '<p>O42 การดำเนินการตามมาตรการ <a href="/x.pdf">x</a></p><p>No 1 ข่าวเด่น <a href="/n.php">n</a></p>'
    )
    assert index.rows == {}


def test_deeply_nested_unclosed_tags() -> None:
    # Found by fuzzing: the flattener recursed per element, and 300 nested unclosed
    # <ul><li> (old CMS output) raised RecursionError.
    index = parse("<ul><li>ข่าว " * 300 + '<p>O1 โครงสร้าง <a href="/o1.pdf">เปิด</a></p>')
    assert links(index, "O1") == ["https://www.example.go.th/o1.pdf"]
    index = parse_ita_page(
        "<font>" * 5000 + "O2 ข้อมูลผู้บริหาร <a href=/o2.php>x</a>", URL, LOADED.items, 2567
    )
    assert links(index, "O2") == ["https://www.example.go.th/o2.php"]


def test_an_xml_declaration_parses_without_warning() -> None:
    # Found by fuzzing: BeautifulSoup warned XMLParsedAsHTMLWarning (an error under -W error).
    index = parse_ita_page(
        '<?xml version="1.0"?><p>O1 โครงสร้าง <a href="/o1.pdf">เปิด</a></p>', URL, LOADED.items, 2567
    )
    assert links(index, "O1") == ["https://www.example.go.th/o1.pdf"]
