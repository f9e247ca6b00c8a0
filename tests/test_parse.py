"""The layout grammar and outline builder on the four seed reports: what a reader sees."""

from __future__ import annotations

import pytest

from reportlint.parse.model import Paragraph, Table
from reportlint.parse.outline import evaluated_year, reporting_unit
from util import inject, parse, seed_text


def outline(document, depth: int = 2):
    """(line, level, marker, title) of every section down to `depth`."""
    return [(s.span.line, s.level, s.marker, s.title) for s in document.walk_sections() if s.level <= depth]


def top(document):
    return [(s.span.line, s.marker, s.title) for s in document.sections]


def test_seed_000_outline():
    doc = parse(seed_text("000"))
    assert doc.profile.name == "guangdong-zhanjiang"
    assert top(doc) == [(13, None, "单位基本情况"), (45, "二、", "自评工作开展情况"),
                        (93, "三、", "绩效自评情况"), (150, "四、", "其他自评情况")]
    assert outline(doc)[1:5] == [(15, 2, "（一）", "单位机构设置、部门职能情况"),
                                 (19, 2, "（二）", "年度总体工作和重点工作任务"),
                                 (32, 2, "（三）", "部门整体支出绩效目标"),
                                 (42, 2, "（四）", "部门整体支出情况")]
    third = doc.sections[2]
    assert [(c.span.line, c.marker, c.title) for c in third.children] == [
        (95, "（一）", "自评结果"), (99, "（二）", "部门整体支出绩效指标分析"),
        (141, "（三）", "部门整体支出绩效管理存在问题"), (144, "(四）", "改进措施")]
    analysis = third.children[1]
    assert [(c.span.line, c.level, c.title) for c in analysis.children] == [
        (101, 3, "预算编制情况"), (113, 3, "预算执行情况"), (129, 3, "预算监督情况"), (133, 3, "预算使用效益")]
    assert [c.marker for c in analysis.children[0].children] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    # a heading with running text keeps its short title and its full line
    assert doc.sections[1].children[0].title == "制定工作方案情况"
    assert doc.sections[1].children[0].canonical == "评价小组情况"
    assert doc.sections[0].marker is None and doc.sections[0].unmarked


def test_seed_000_header_fields():
    doc = parse(seed_text("000"))
    fields = {f.label: (f.value, f.span.line) for f in doc.header}
    assert fields["评价年度"] == ("2021年度", 4)
    assert fields["评价单位"] == ("湛江市人民政府驻北京联络处本级", 6)
    assert fields["填报日期"] == ("2022年5月18日", 10)
    assert fields["市级预算部门单位"] == ("", 8)  # （公章） qualifier removed from the label
    assert doc.title == "整体绩效自评报告" and doc.title_span.line == 2
    assert evaluated_year(doc) == 2021
    field = doc.field("填报日期")
    assert (field.value_span.line, field.value_span.column, field.value_span.end_column) == (10, 6, 16)


def test_seed_001_outline_and_unmarked_heading():
    doc = parse(seed_text("001"))
    assert doc.template_label == "附件6"
    assert top(doc) == [(14, None, "单位基本情况"), (56, "二、", "自评工作开展情况"),
                        (66, "三、", "绩效自评情况"), (129, "四、", "其他自评情况")]
    third = doc.sections[2]
    assert [(c.span.line, c.marker, c.title) for c in third.children] == [
        (68, "（一）", "自评结果"), (85, None, "部门整体支出绩效指标分析"),
        (117, "（三）", "部门整体支出绩效管理存在问题"), (123, "(四）", "改进措施")]
    execution = third.children[1].children[1]
    assert execution.title == "预算执行情况"
    # （2） twice in a row is kept as written, for the numbering rule to see
    assert [(c.span.line, c.number, c.title) for c in execution.children] == [
        (93, 1, "保障措施"), (95, 2, "支出管理"), (97, 2, "项目管理"), (99, 3, "资产管理")]
    fields = {f.label: f.value for f in doc.header}
    assert fields == {"评价年度": "2020年度", "评价单位": "湛江市人民政府办公室", "市级预算部门单位": "",
                      "填报日期": "2021年6月1日"}


def test_seed_001_enumerations_in_order():
    doc = parse(seed_text("001"))
    line95 = next(s for s in doc.walk_sections() if s.span.line == 95)
    assert [(e.marker, e.number) for e in line95.heading.enumerations] == [
        ("一是", 1), ("二是", 2), ("三是", 3), ("四是", 4), ("四是", 4), ("五是", 5)]
    assert [e.span.column for e in line95.heading.enumerations][3:5] == [168, 192]
    paragraphs = [b for s in doc.walk_sections() for b in s.body if isinstance(b, Paragraph) and b.enumerations]
    assert [(p.span.line, p.enumerations[0].marker) for p in paragraphs[:5]] == [
        (26, "一要"), (28, "二要"), (30, "三要"), (32, "四要"), (34, "五要")]


def test_seed_002_unmarked_headings_and_borrowed_markers():
    doc = parse(seed_text("002"))
    assert doc.profile.name == "guangdong-zhanjiang"
    assert top(doc) == [(11, None, "单位基本情况"), (79, "二、", "自评工作开展情况"),
                        (101, "三、", "绩效自评情况"), (125, "四、", "其他自评情况")]
    first = doc.sections[0]
    assert [(c.span.line, c.marker, c.title) for c in first.children] == [
        (13, None, "单位机构设置、部门职能情况"), (31, None, "年度总体工作和重点工作任务"),
        (65, "（三）", "部门整体支出绩效目标"), (75, None, "部门整体支出情况")]
    improvements = doc.sections[2].children[-1]
    assert (improvements.marker, improvements.title) == ("（五）", "改进措施")
    assert [(c.span.line, c.marker, c.borrowed, c.level) for c in improvements.children] == [
        (123, "一 、", True, 3), (124, "二、", True, 3)]
    fields = {f.label: (f.raw_label, f.value) for f in doc.header}
    assert fields["评价单位"] == ("评价单位（公章）", "湛江市人民政府驻广州办事处")


def test_seed_004_outline_attachments_tables():
    doc = parse(seed_text("004"))
    assert doc.profile.name == "hunan"
    assert doc.profile.runner_up in ("hunan-2018", "department-generic")  # another version, or the generic outline
    assert [(s.span.line, s.marker) for s in doc.sections] == [
        (4, "一、"), (13, "二、"), (26, "三、"), (28, "四、"), (30, "五、"),
        (32, "六、"), (51, "七、"), (54, "八、"), (58, "九、")]
    assert [s.number for s in doc.sections] == list(range(1, 10))
    assert doc.title == "2023年部门整体支出绩效自评报告"
    assert evaluated_year(doc) == 2023
    assert reporting_unit(doc) == "湖南省怀化市人民政府驻北京联络处"
    assert [(a.label, a.number, a.title, a.span.line) for a in doc.attachments] == [
        ("附件1-1", "1-1", "部门整体支出绩效评价基础数据表", 65),
        ("附件1-2", "1-2", "部门整体支出绩效自评表", 192)]
    basic, scoring = doc.attachments[0].tables, doc.attachments[1].tables
    assert len(basic) == 1 and basic[0].shape == (23, 7) and basic[0].span.line == 68
    assert [c.text for c in basic[0].rows[3].cells] == ["三公经费", "25.12", "34.50", "34.12"]
    assert (basic[0].rows[3].span.line, basic[0].rows[3].cells[1].span.line) == (83, 84)
    assert [c.text for c in basic[0].rows[5].cells] == ["其中：公车购置", "", "", ""]
    assert len(scoring) == 1 and scoring[0].span.line == 194
    rows = scoring[0].rows
    assert [c.text for c in rows[1].cells] == ["年度预\n算申请\n（万元）", "", "年初\n预算数", "全年\n预算数",
                                               "全年\n执行数", "分值", "执行率", "得分"]
    assert [c.text for c in rows[2].cells] == ["", "年度资金总额", "293.53", "300.48", "300.36", "10", "102.32%", "10"]
    # the scoring rows survive intact, wrapped cells included
    assert [c.text for c in rows[-1].cells] == ["总分", "100", "98"]
    group = next(c for r in rows for c in r.cells if c.text.startswith("产出"))
    assert group.text == "产出\n指标\n（50分)" and (group.span.line, group.span.end_line) == (265, 267)
    fields = {f.label: (f.value, f.span.line) for f in doc.header}
    assert fields["填报日期"] == ("2024年6月6日", 189) and fields["填表人"] == ("向芳", 189)
    assert fields["联系电话"] == ("13611355776", 189)


def test_cell_that_wraps_headings_stays_in_its_cell():
    doc = parse(seed_text("004"))
    scoring = doc.attachments[1].tables[0]
    cell = next(c for r in scoring.rows for c in r.cells if c.text.startswith("1.强化政治引领"))
    assert (cell.span.line, cell.span.end_line) == (253, 264)
    assert "（7）全力促进大稳定" in cell.text
    # none of those lines became a section
    assert all(s.span.line < 65 for s in doc.walk_sections())


def test_spans_are_exact_slices_of_the_file():
    text = seed_text("001")
    lines = text.split("\n")
    doc = parse(text)
    for _, block in doc.text_blocks():
        span = block.span
        if span.line == span.end_line:
            assert lines[span.line - 1][span.column - 1:span.end_column - 1] == block.text


@pytest.mark.parametrize("marker,level,number", [
    ("一、", 1, 1), ("十二、", 1, 12), ("（三）", 2, 3), ("(三)", 2, 3), ("（三)", 2, 3),
    ("4.", 3, 4), ("4、", 3, 4), ("4．", 3, 4), ("（5）", 4, 5), ("(5)", 4, 5), ("③", 5, 3),
])
def test_marker_styles(marker, level, number):
    doc = parse(f"报告\n\n一、总体\n{marker}标题文字\n正文。\n", profile=None)
    sections = list(doc.walk_sections())
    target = sections[-1]
    assert (target.marker, target.number, target.title) == (marker, number, "标题文字")
    assert target.level == level if level > 1 or number != 1 else True


def test_marker_with_space_and_decimal_is_not_a_heading():
    doc = parse("一 、甲\n1.5万元用于采购。\n２．乙\n")
    assert [(s.marker, s.title) for s in doc.walk_sections()] == [("一 、", "甲"), ("２．", "乙")]
    assert doc.sections[0].body[0].text == "1.5万元用于采购。"


@pytest.mark.parametrize("line", ["③=①+②", "  ③ = ①＋②", "④=③/②", "（3）=（1）+（2）", "⑤＝④÷③×100%",
                                  "③合计=①+②", "（3）小计＝（1）＋（2）"])
def test_a_marker_that_is_a_term_of_a_formula_is_not_a_heading(line):
    doc = parse("一、资金情况\n" + line + "\n财政资金小计 72.00\n")
    assert [(s.marker, s.title) for s in doc.walk_sections()] == [("一、", "资金情况")]
    assert doc.sections[0].body[0].text == line.strip()


@pytest.mark.parametrize("line", ["1、****残联依据章程开展工作", "1、＊＊＊县残联", "1、××县残联", "1、×县残联",
                                  "1、*县残联", "1、**组织开展康复服务**"])
def test_a_marker_before_a_masked_name_is_a_heading(line):
    """A site masks a name with a run of ****, ＊＊ or ×× (or one before the rest of it): the
    marker is an item's, not a term of a formula."""
    doc = parse("一、资金情况\n" + line + "\n正文。\n")
    assert [s.marker for s in doc.walk_sections()] == ["一、", "1、"]


@pytest.mark.parametrize("line", ["③*②", "③×②", "（3）×（2）", "③ × 100%"])
def test_a_marker_before_a_product_is_still_a_term_of_a_formula(line):
    doc = parse("一、资金情况\n" + line + "\n财政资金小计 72.00\n")
    assert [s.marker for s in doc.walk_sections()] == ["一、"]


@pytest.mark.parametrize("line,marker", [("（一）执行率=218.40/240.00×100%=91.00%。", "（一）"),
                                         ("1.到位率=到位资金/下达资金×100%", "1."), ("①完成率＝12/12＝100%", "①")])
def test_an_item_that_opens_with_its_quantitys_formula_is_a_heading(line, marker):
    doc = parse("一、资金情况\n" + line + "\n正文。\n")
    assert [s.marker for s in doc.walk_sections()] == ["一、", marker]


@pytest.mark.parametrize("line,headings", [
    ("一、二级指标沿用省级体系。", ["一、", "二、"]), ("一、二、三级指标共26个。", ["一、", "二、"]),
    ("一、二季度支出偏慢。", ["一、", "二、"]), ("二、三级指标由单位细化。", ["一、", "二、"]),
    ("三、四级指标完成情况", ["一、", "二、", "三、"]),  # the next heading: its title names a rank
    ("四、三级指标完成情况", ["一、", "二、", "四、"]), ("三、四农工作", ["一、", "二、", "三、"]),  # no rank
])
def test_a_list_of_ranks_is_no_heading(line, headings):
    doc = parse("一、资金情况\n正文。\n二、绩效情况\n" + line + "\n正文。\n")
    assert [s.marker for s in doc.walk_sections()] == headings


def test_headings_stacked_on_one_line_are_each_a_heading_at_its_column():
    doc = parse("一、基本情况 (一)专项概况 1.资金用途\n资金用于巡查。\n2.资金到位情况\n到位90万元。\n")
    found = [(s.level, s.marker, s.title, s.span.line, s.span.column) for s in doc.walk_sections()]
    assert found == [(1, "一、", "基本情况", 1, 1), (2, "(一)", "专项概况", 1, 8), (3, "1.", "资金用途", 1, 16),
                     (3, "2.", "资金到位情况", 3, 1)]


@pytest.mark.parametrize("line", [
    "一、基本情况 (二)专项概况",  # not the first of its level: a reference, not a stacked heading
    "一、基本情况 1.5万元已拨付到位",  # a decimal, not a marker
    "一、基本情况。本单位 (一)内设科室3个",  # the first heading's title ended: prose follows
])
def test_a_line_that_stacks_no_headings_stays_one(line):
    doc = parse(line + "\n")
    assert [s.marker for s in doc.walk_sections()] == ["一、"]


@pytest.mark.parametrize("line,title", [
    ("(一)资金投入情况分析,本年度到位资金6万元,已支出6万元,执行率100%,资金由防疫股负责实施,", "资金投入情况分析"),
    ("(一)资金投入情况分析，本年度到位资金6万元，已支出6万元，执行率100%，资金由防疫股负责实施，", "资金投入情况分析"),
    # a comma between digits is a thousands separator, not the end of the title
    ("(一)专项支出1,234.50万元,本年度到位资金1,234.50万元,已全部支出,执行率100%,由业务股负责", "专项支出1,234.50万元"),
])
def test_a_long_run_in_heading_ends_at_its_first_comma_of_either_width(line, title):
    doc = parse(line + "\n")
    assert next(doc.walk_sections()).title == title


def test_full_width_digits_and_nbsp_keep_columns():
    text = "评价年度：２０２１年度\n\xa0\xa0（一）\u3000机构情况\n"
    doc = parse(text)
    assert doc.field("评价年度").value == "２０２１年度"
    section = next(doc.walk_sections())
    assert (section.span.line, section.span.column, section.title) == (2, 3, "机构情况")


def test_a_removed_marker_is_still_a_heading():
    text = inject(seed_text("000"), 45, "二、自评工作开展情况", "自评工作开展情况")
    doc = parse(text)
    assert [(s.span.line, s.marker, s.title) for s in doc.sections][:2] == [
        (13, None, "单位基本情况"), (45, None, "自评工作开展情况")]


def test_document_json_roundtrip():
    from reportlint.parse.model import Document

    doc = parse(seed_text("004"))
    again = Document.model_validate_json(doc.model_dump_json())
    assert again.attachments[1].tables[0].rows[-1].cells[2].text == "98"
    assert isinstance(again.attachments[0].body[-1], (Paragraph, Table))


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_parsed_model_passes_validation(seed):
    """The parser builds nodes without validating them (reportlint.parse.model.parsed): the
    model of each seed must be what validation gives, type for type and field for field."""
    from reportlint.parse.model import Document

    doc = parse(seed_text(seed))
    dumped = doc.model_dump()
    again = Document.model_validate(dumped)
    assert again.model_dump() == dumped
    assert again.model_dump_json() == doc.model_dump_json()  # field order included
    assert again == doc


def test_restarted_numbering_does_not_nest_ever_deeper():
    doc = parse("一、情况\n" + "1.项目\n（1）数量指标\n" * 400)
    depth = max(section.level for section in doc.walk_sections())
    assert depth == 4
    assert len(doc.sections[0].children) == 400  # each 1. is a sibling that repeats the number
    assert not any(section.borrowed for section in doc.walk_sections())


def test_concatenated_reports_stay_shallow():
    doc = parse("\n".join([seed_text("000")] * 20))
    assert max(section.level for section in doc.walk_sections()) <= 5


def test_table_span_runs_from_its_first_row_to_its_last():
    doc = parse(seed_text("004"))
    tables = [table for _, table in doc.tables()]
    assert len(tables) >= 2
    for table in tables:
        first, last = table.rows[0].span, table.rows[-1].span
        assert (table.span.line, table.span.column) == (first.line, first.column)
        assert (table.span.end_line, table.span.end_column) == (last.end_line, last.end_column)
    basic = doc.attachments[0].tables[0]
    assert (basic.span.line, basic.span.end_line) == (68, basic.rows[-1].span.end_line) and basic.span.end_line > 68
    one_row = parse("一、情况\n\n\t甲\n\t乙\n\n正文\n").sections[0].body[0]
    assert isinstance(one_row, Table) and one_row.span == one_row.rows[0].span


def test_parsed_nodes_share_one_fields_set_per_class():
    """Spans, paragraphs, cells and rows are built with every field given: one shared
    `model_fields_set` per class instead of a set each, saying what a set of their own would."""
    from reportlint.parse.model import SHARED_FIELDS, Cell, Row, Span

    doc = parse(seed_text("004"))
    nodes = {Span: [], Paragraph: [], Cell: [], Row: []}
    for _, block in doc.text_blocks():
        nodes[type(block)].append(block)
        nodes[Span].append(block.span)
    for _, table in doc.tables():
        nodes[Row].extend(table.rows)
    for cls, found in nodes.items():
        assert len(found) > 20, cls
        assert all(node.model_fields_set is SHARED_FIELDS[cls] for node in found), cls
        assert SHARED_FIELDS[cls] == set(cls.model_fields)
    paragraph = next(p for p in nodes[Paragraph] if p.kind == "paragraph")
    assert paragraph.model_dump(exclude_unset=True) == paragraph.model_dump()
    paragraph.kind = "field"  # pydantic adds the name to the fields set: already there
    assert SHARED_FIELDS[Paragraph] == set(Paragraph.model_fields)


def test_document_memory_is_linear_and_compact():
    """The parsed model of n copies of a report holds about n times one copy's memory; each
    copy of seed 004 (22 KB of text) stays under 190 KB of model, text included (386 KB when
    every node held a fields set of its own, 226 KB when each held a dict of its own: the
    nodes keep their fields in inline values, reportlint.parse.inline.share_names)."""
    import gc
    import tracemalloc

    one = seed_text("004")

    def kept(copies: int) -> int:
        text = "\n".join([one] * copies)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            document = parse(text)
            size = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        del document
        return size

    parse(one)  # warm: the grammar, the profiles
    five, twenty = kept(5), kept(20)
    assert twenty / 20 <= 1.15 * five / 5
    assert twenty / 20 < 190_000, twenty / 20


def test_section_and_table_lists_are_the_walks_worked_out_once():
    """`section_list()` / `table_list()`: `walk_sections()` / `tables()` as tuples, computed on
    the first call and shared; read afresh when the document is given new lists; never part
    of the document's value (==, model_dump)."""
    from reportlint.parse.model import Document

    doc = parse(seed_text("004"))
    again = Document.model_validate(doc.model_dump())
    sections, tables = doc.section_list(), doc.table_list()
    assert list(sections) == list(doc.walk_sections()) and len(sections) > 10
    assert list(tables) == list(doc.tables()) and len(tables) >= 2
    assert doc.section_list() is sections and doc.table_list() is tables
    assert doc == again and again == doc  # one asked for its lists, the other not
    assert again.model_dump() == doc.model_dump()
    doc.sections = doc.sections[:1]  # a new list: the next call reads it
    assert list(doc.section_list()) == list(doc.walk_sections()) and len(doc.section_list()) < len(sections)
    assert list(doc.table_list()) == list(doc.tables())
    again.table_list()
    copy = again.model_copy(update={"attachments": []})  # (copies the worked-out lists too)
    assert copy.table_list() == tuple(copy.tables()) and len(copy.table_list()) < len(tables)


def test_traditional_folding_sees_every_character_of_its_table():
    """fold_traditional skips texts its character class finds nothing in: the class must hold
    every traditional character of the table."""
    from reportlint.parse.folding import TRADITIONAL, fold_traditional

    for traditional, simplified in TRADITIONAL.items():
        assert fold_traditional(f"甲{traditional}乙") == f"甲{simplified}乙"
    assert fold_traditional("部门整体支出绩效自评报告") == "部门整体支出绩效自评报告"


DASH_PAGE = ("- 样例县水利局\n-\n索引号2023-000417\n-\n发布机构样例县水利局\n-\n发布日期2024-03-28\n"
             "样例县水土保持站2023年度部门整体支出绩效自评报告\n一、部门基本情况\n本站承担以下职能：\n"
             "- 水土流失监测\n-\n- 监督执法\n发布机构改革后，本站划归县水利局管理。\n")


def test_a_dash_bulleted_page_header_above_the_title_is_furniture_and_a_dash_list_below_it_is_not():
    """- 某局 / - / 发布机构某局 (a site's metadata as a markdown list, labels glued to their values)
    above the title are the page's: the unit is the title's. In the body a dash list and a
    sentence opening with a label word are the report's."""
    doc = parse(DASH_PAGE)
    assert [block.span.line for block in doc.furniture] == [1, 2, 3, 4, 5, 6, 7]
    assert doc.title == "样例县水土保持站2023年度部门整体支出绩效自评报告"
    assert reporting_unit(doc) == "样例县水土保持站"
    body = [block.text for block in doc.sections[0].body]
    assert body[1:] == ["- 水土流失监测", "-", "- 监督执法", "发布机构改革后，本站划归县水利局管理。"]


def test_dash_lines_are_no_page_header_without_a_title_below_them():
    """With no title before the body starts no line is above the title: short dash lines are text."""
    doc = parse("- 样例县水利局\n- 样例县水土保持站\n一、部门基本情况\n本站承担水土流失监测。\n")
    assert doc.furniture == []
