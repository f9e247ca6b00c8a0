"""Templates and structure in the wild (issue 12): versions, kinds, furniture, forms, numbering, leftovers.

Every shape has a positive case (the rule speaks, or the reading is right) and a silent one,
each written for these tests. The corpus test reads tests/fixtures/wild/MANIFEST.toml.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from reportlint.facts import Facts
from reportlint.parse.folding import fold_traditional
from reportlint.parse.furniture import furniture_lines, is_furniture, is_site_name
from reportlint.parse.layout import normalise_title
from reportlint.parse.outline import meaning_key, report_kind
from reportlint.parse.render import parse_extras
from reportlint.plugins.profiles import builtin_profiles
from util import check, parse

WILD = Path(__file__).parent / "fixtures" / "wild"
MANIFEST = tomllib.loads((WILD / "MANIFEST.toml").read_text(encoding="utf-8"))


def wild(name: str) -> str:
    return (WILD / name).read_text(encoding="utf-8")


def rules(findings, prefix=("SEC", "DAT", "PRS")) -> list[str]:
    return sorted(f.rule for f in findings if f.rule.startswith(prefix))


# -- the corpus ------------------------------------------------------------------------------

def test_the_corpus_is_thirty_reports_of_every_kind():
    files = MANIFEST["files"]
    assert len(files) >= 30 and set(files) == {p.name for p in WILD.glob("*.txt")}
    kinds = Counter(entry["kind"] for entry in files.values())
    assert kinds["department"] >= 15 and kinds["project"] >= 5 and kinds["form"] >= 4 and kinds[""] >= 2
    provinces = {name.split("-")[0] for name in files if not name.startswith("unknown")}
    assert len(provinces) >= 10


@pytest.mark.parametrize("name", sorted(MANIFEST["files"]))
def test_every_report_gets_its_profile_or_one_honest_unknown_line(name):
    entry = MANIFEST["files"][name]
    document = parse(wild(name), path=name)
    findings = check(wild(name), path=name)
    if entry["profile"]:
        assert document.profile.name == entry["profile"], document.profile
        assert document.profile.kind == entry["kind"]
        assert "PRS003" not in rules(findings)
    else:
        assert document.profile.name is None
        assert rules(findings).count("PRS003") == 1
    assert rules(findings) == sorted(entry["expect"]), [(f.rule, f.line, f.message) for f in findings]


@pytest.mark.parametrize("name,profile", [(name, profile) for name, forced in MANIFEST["forced"].items()
                                          for profile in forced])
def test_forcing_another_version_names_only_sections_that_are_absent(name, profile):
    missing = sorted({f.message.split("“")[1].split("”")[0]
                      for f in check(wild(name), path=name, profile=profile, select=["SEC001"])})
    assert missing == sorted(MANIFEST["forced"][name][profile])


@pytest.mark.parametrize("name", sorted(MANIFEST["files"]))
def test_forcing_any_profile_never_calls_a_present_heading_missing(name):
    """A section is "missing" only when no heading of its meaning exists, whatever the profile."""
    document = parse(wild(name), path=name)
    present = {meaning_key(s.title) for s in document.walk_sections()}
    for profile in builtin_profiles():
        for finding in check(wild(name), path=name, profile=profile.name, select=["SEC001"]):
            expected = finding.message.split("“")[1].split("”")[0]
            entry = next(e for e in profile.entries() if e.title == expected)
            assert not present & {meaning_key(n) for n in entry.names()}, (profile.name, expected)


# -- kinds and versions ----------------------------------------------------------------------

def test_a_2019_hunan_outline_is_the_2018_2022_version_and_2023_is_the_new_one():
    old, new = parse(wild("hn-2019-county-education.txt")).profile, parse(wild("hn-2023-county-water.txt")).profile
    assert (old.name, old.family, old.version) == ("hunan-2018", "hunan", "2018-2022")
    assert (new.name, new.family, new.version) == ("hunan", "hunan", "2023")


def test_a_report_without_the_zhanjiang_cover_block_is_the_city_outline():
    match = parse(wild("gd-maoming-2021-city.txt")).profile
    assert (match.name, match.family) == ("guangdong-city", "guangdong")
    assert parse(wild("gd-zhanjiang-2021-agri.txt")).profile.name == "guangdong-zhanjiang"


@pytest.mark.parametrize("title,kind", [
    ("2022年度衔接推进乡村振兴补助资金项目绩效自评报告", "project"),
    ("某县教育局2021年度部门整体支出绩效自评报告", "department"),
    ("项目支出绩效自评表", "form"),
    ("某局2022年工作总结", None),
    ("附件：2024年某镇排水沟项目自评表[点击下载]", None),  # names the attachment, not this report
    ("附表2. 项目支出绩效自评表", None),
])
def test_the_kind_is_read_from_the_title(title, kind):
    assert report_kind([title]) == kind


def test_a_project_report_and_a_transfer_payment_report_get_project_profiles():
    assert parse(wild("hn-2022-xianjie-project.txt")).profile.name == "project-generic"
    assert parse(wild("ha-2021-transfer-project.txt")).profile.name == "transfer-payment"


NEWER_TRANSFER_OUTLINE = """某市残联2023年度中央对地方转移支付绩效自评报告（残疾人事业发展补助资金）
一、绩效目标分解下达情况
2023年共收到残疾人事业发展补助资金48.00万元，已按项目分解下达。
二、绩效情况分析
（一）资金投入情况分析
下达资金48.00万元，实际支出47.52万元，执行率99.00%。
（二）资金管理情况分析
资金实行专账核算，拨付程序合规。
（三）总体绩效目标完成情况分析
全年为320名残疾人提供康复服务。
（四）绩效指标完成情况分析
康复服务人数年度指标值300人，实际完成320人。
三、偏离绩效目标的原因和下一步改进措施
未偏离绩效目标，下一步将加强跟踪问效。
四、绩效自评结果拟应用和公开情况
自评结果在市政府门户网站公开。
"""


def test_the_newer_transfer_payment_outline_is_the_transfer_payment_template():
    """二、绩效情况分析 (the national outline of the 2022–2023 rounds) names 绩效目标完成情况分析,
    with 资金管理情况分析 among its parts: nothing is missing."""
    document = parse(NEWER_TRANSFER_OUTLINE)
    assert document.profile.name == "transfer-payment"
    assert rules(check(NEWER_TRANSFER_OUTLINE), ("SEC",)) == []
    without = NEWER_TRANSFER_OUTLINE.replace("二、绩效情况分析", "二、有关情况")
    assert "SEC001" in rules(check(without), ("SEC",))


def test_an_unknown_kind_is_one_info_line_and_the_independent_checks_still_run():
    text = wild("unknown-ex-ante-assessment.txt") + "\n五、其他\n\n措施1：加强论证。措施3：加强评审。\n"
    findings = check(text)
    assert rules(findings).count("PRS003") == 1
    assert "SEC015" in rules(findings)  # the template-independent checks still run
    assert not [f for f in findings if f.rule in ("SEC001", "SEC002", "SEC003", "SEC013")]


# -- headings matched by meaning ----------------------------------------------------------------

@pytest.mark.parametrize("variant", ["部门概况", "单位基本概况", "部门（单位）基本概况", "部门(单位)基本概况", "基本情况",
                                     "部門（單位）基本情況", "【部门基本情况】"])
def test_basic_situation_variants_share_one_meaning(variant):
    assert meaning_key(variant) == meaning_key("单位基本情况") == "基本情况"


@pytest.mark.parametrize("variant, plain", [
    ("绩效目标自评完成情况分析", "绩效目标完成情况分析"),
    ("绩效指标自评完成情况", "绩效指标完成情况"),
    ("绩效目标自评实现情况", "绩效目标实现情况"),
])
def test_a_self_evaluation_word_inside_a_name_does_not_change_its_meaning(variant, plain):
    assert meaning_key(variant) == meaning_key(plain)


@pytest.mark.parametrize("title", ["绩效自评结果", "部门整体支出绩效自评情况", "自评结论", "自评完成情况"])
def test_a_self_evaluation_word_that_names_the_section_is_kept(title):
    assert "自评" in meaning_key(title)


def test_traditional_script_headings_and_labels_are_read():
    document = parse(wild("gd-zhanjiang-2022-traditional.txt"))
    assert document.profile.name == "guangdong-zhanjiang"
    assert [s.canonical for s in document.sections] == ["单位基本情况", "自评工作开展情况", "绩效自评情况", "其他自评情况"]
    assert document.field("评价年度") is not None and document.field("填报日期") is not None
    assert fold_traditional("項目支出績效自評報告") == "项目支出绩效自评报告"
    assert normalise_title("一般公共預算支出情況") == "一般公共预算支出情况"


def test_a_heading_run_into_the_line_before_is_found_and_reported():
    findings = check(wild("hn-2021-runin-markers.txt"))
    assert [(f.rule, f.line) for f in findings if f.rule == "SEC012"] == [("SEC012", 7), ("SEC012", 17)]
    silent = wild("hn-2021-runin-markers.txt").replace("内设股室7个。二、", "内设股室7个。\n\n二、").replace(
        "拨付不及时。五、", "拨付不及时。\n\n五、")
    assert "SEC012" not in rules(check(silent))


def test_parts_above_the_outline_restart_its_numbering():
    findings = check(wild("unknown-final-accounts.txt"))
    assert not [f for f in findings if f.rule in ("SEC005", "SEC006", "SEC007")]
    broken = wild("unknown-final-accounts.txt").replace("三、支出决算表", "四、支出决算表")
    assert "SEC005" in rules(check(broken))


# -- page furniture ----------------------------------------------------------------------------

WEB = """您当前位置：首页 > 信息公开 > 预算绩效
索引号：000000/2023-00012
发布机构：某县财政局
发布日期：2023-06-30
浏览次数：56
某县财政局2022年度部门整体支出绩效自评报告

一、部门基本情况

本局负责全县财政收支管理。

二、自评工作开展情况

2023年3月1日成立自评工作小组，2023年3月20日完成自评并报送。

三、存在的问题

预算执行进度不均衡。

四、改进措施

加强预算执行监控。

某县财政局

2023年3月20日

【打印】【关闭】
附件：某县财政局2022年度部门整体支出绩效自评报告.pdf
"""


def test_furniture_is_set_aside_never_title_heading_or_date():
    document = parse(WEB)
    assert document.title == "某县财政局2022年度部门整体支出绩效自评报告"
    assert [b.span.line for b in document.furniture] == [1, 2, 3, 4, 5, 28, 29]
    facts = Facts(document)
    assert not [d for d in facts.dates if d.line <= 5]  # 发布日期 is not a date of the report
    assert facts.report.filing_date.value.isoformat() == "2023-03-20"
    assert facts.report.filing_date.source == "落款"
    lines = parse_extras(document)
    assert any("furniture  发布日期：2023-06-30" in line for line in lines)
    # the 发布日期 after the filing date used to raise DAT007
    assert not [f for f in check(WEB) if f.rule.startswith("DAT")]


def test_furniture_words_inside_the_report_are_report_text():
    assert is_furniture("发布日期：2023-06-30", before_report=True)
    assert not is_furniture("发布日期：2023-06-30", before_report=False)
    assert is_furniture("浏览次数：56", before_report=False)
    assert not is_furniture("打印机购置费3.2万元，用于更新办公设备。", before_report=False)
    document = parse(WEB.replace("本局负责全县财政收支管理。", "来源：本局负责全县财政收支管理。"))
    assert all(b.span.line != 10 for b in document.furniture)


@pytest.mark.parametrize("line", ["您现在所在的位置 : 首页 > 政务 > 政府信息公开年度报告", "您所在的位置：首页 > 财政",
                                  "当前所在位置：首页 > 信息公开"])
def test_breadcrumbs_written_with_suo_zai_are_furniture(line):
    # 您现在所在的位置 named a report (…年度报告) and was taken for the report's title
    assert is_furniture(line, before_report=False)
    document = parse(line + "\n" + WEB.split("\n", 1)[1])
    assert document.title == "某县财政局2022年度部门整体支出绩效自评报告"


@pytest.mark.parametrize("line", ["[ 发布机构 ] 江北区示范局", "【发布日期】2022-05-10", "［来源］示范网",
                                  "【字体：】 【发布时间：2022-04-15 14:54】 【作者：县示范办】【阅读："])
def test_bracketed_page_metadata_is_furniture_before_the_report_only(line):
    assert is_furniture(line, before_report=True)
    assert not is_furniture(line, before_report=False)


@pytest.mark.parametrize("line", ["【重点工作】全年完成示范点建设12个", "[1]发布机构改革方案", "【打印机】购置2台",
                                  "主办：县文旅局，协办单位3家，活动经费2.4万元", "主办:示范区体育中心"])
def test_bracketed_words_that_are_no_metadata_label_stay_report_text(line):
    assert not is_furniture(line, before_report=True)


@pytest.mark.parametrize("line,anywhere", [
    ("欢迎来到示范县政协网站!", True), ("欢迎访问示范市人民政府门户网站", True), ("欢迎访问示范市人民政府", True),
    ("日期:2023-09-14 来源:区示范委 打印页面 关闭页面", True), ("打印页面 关闭页面", True),
    ("发布时间：2022-05-10 【打印】【关闭】", True),
    ("监督索引号53090000722201000", False), ("索引号：11N000/2023-00012", False),
    ("公开日期:2024926", False), ("公开时间：2023-05-10", False),
    # labels set off by one space, or spaced out letter by letter, as some sites print them
    ("发布机构 某区水务局", False), ("索 引 号 11640102MB0/2022-00043 文  号 生成日期 2022-10-25", False),
    ("发布机构 某区住建局 责任部门 某区住建局 关 键 字 某某转运站", False),
    ("保护视力色:          字体颜色: 【      绿】         恢复默认", True),
    # a site's footer: its menu and its sponsor line with the copyright after it
    ("网站声明 | 联系我们 | 网站地图 | 网站纠错", True),
    ("主办:示范区人民政府 版权所有© 承办:示范区人民政府办公室", True),
    ("主办：示范市财政局 承办：示范市信息中心", True)])
def test_site_welcome_index_and_button_lines_are_furniture(line, anywhere):
    assert is_furniture(line, before_report=True)
    assert is_furniture(line, before_report=False) is anywhere


@pytest.mark.parametrize("line,site", [
    ("清河县人民政府门户网站", True), ("某某县政务服务网", True), ("某市政府信息公开网", True),
    ("某某文档网 - 在线文档分享平台", True), ("中国政府网", True), ("某省政府信息公开平台", True),
    ("清河县卫生健康局", False), ("自评结果在县政府门户网站公开。", False), ("2、建设科技创新平台", False),
    ("某县公共资源交易中心", False), ("国家电网", False)])
def test_a_line_naming_a_web_site_is_its_banner(line, site):
    assert is_site_name(line) is site


def test_a_download_sites_notice_above_the_title_is_furniture_and_the_title_is_found():
    """A document-sharing page: its banner, 积分 line, 温馨提示 label and numbered notice (starting at 2、)
    stand above the report's title; they were read as the report's first headings, with no title."""
    text = ("某某文档网 - 在线文档分享平台\n首页 | 分类 | 上传\n下载所需积分:10\n温馨提示:\n"
            "2、文档下载后如被浏览器直接打开,请右键另存到本地。\n3、本站不支持下载工具,请使用浏览器自带下载功能。\n"
            "某县某局2023年度某某项目绩效自评报告\n一、项目基本情况\n本项目预算资金50万元。\n")
    document = parse(text)
    assert furniture_lines(document.furniture) == [1, 2, 3, 4, 5, 6]
    assert document.title == "某县某局2023年度某某项目绩效自评报告"
    assert [section.title for section in document.sections] == ["项目基本情况"]


def test_a_reports_own_headings_with_site_words_and_no_title_stay_headings():
    document = parse("2、完成预览系统上线，上传资料300份。\n3、本站访问量同比增长20%。\n一、部门基本情况\n本局内设科室4个。\n")
    assert not document.furniture
    assert len(document.sections) == 2


@pytest.mark.parametrize("line", ["欢迎社会各界对我局绩效管理工作提出意见。", "索引号由系统自动生成，共12位。",
                                  "完成档案打印1200份，关闭过期账户35个。", "全年打印宣传册关闭"])
def test_the_same_words_in_a_report_sentence_stay_report_text(line):
    assert not is_furniture(line, before_report=True)


def test_a_date_line_with_buttons_above_the_report_is_no_date_of_the_report():
    text = ("欢迎来到示范县人民政府网站!\n日期:2023-09-14 来源:县示范局 打印页面 关闭页面\n"
            "示范县示范局2022年度部门整体支出绩效自评报告\n一、部门基本情况\n示范局内设科室4个。\n")
    document = parse(text)
    assert [b.span.line for b in document.furniture] == [1, 2]
    assert document.title == "示范县示范局2022年度部门整体支出绩效自评报告"


def test_a_publisher_line_without_a_colon_above_a_project_title_is_not_the_reporting_unit():
    """发布机构 某区水务局 (one space, no colon) above a title that names the project's facility:
    read as the line above the title it was the unit "标题上方", and SEC017 said the title named
    another unit."""
    text = ("发布机构 青禾区水务局 责任部门 青禾区水务局 关 键 字 石桥村提灌站\n\n"
            "石川市青禾区柳湾镇石桥村提灌站维修改造项目绩效自评报告\n\n一、绩效目标分解下达情况\n\n"
            "青禾区下达2023年衔接资金60万元，用于石桥村提灌站维修改造。\n")
    assert furniture_lines(parse(text).furniture) == [1]
    assert "SEC017" not in rules(check(text))


def test_a_bracketed_publisher_above_the_title_is_not_the_reporting_unit():
    """[ 发布机构 ] 江北区示范局 used to be the unit 标题上方, and SEC017 said the title's unit differed."""
    name = "cq-2021-department-webpage.txt"
    document = parse(wild(name), path=name)
    assert [b.span.line for b in document.furniture] == [1, 2, 3, 4]
    assert Facts(document).report.unit.value == "重庆市江北区城乡示范管理局"
    assert not [f for f in check(wild(name), path=name) if f.rule == "SEC017"]


def test_a_row_of_page_metadata_before_the_report_is_set_aside_as_a_table():
    """A layout-form row (索引号 | 430000/…) set aside as furniture crashed `reportlint parse`."""
    from reportlint.parse.furniture import render_furniture
    document = parse("\t索引号\n\t430000/2021-01234\n\n示范县示范局2021年度部门整体支出绩效自评报告\n一、部门基本情况\n示范局内设股室3个。\n")
    assert render_furniture(document) == ["L1     furniture  索引号 | 430000/2021-01234"]
    assert document.title == "示范县示范局2021年度部门整体支出绩效自评报告"


BULLETED_PAGE = ("• 示范县教育和体育局\n  • 索引号\n    sfjy/2024-00017\n  • 发布机构\n    示范县教育和体育局\n"
                 "  • 发布日期\n    2024-05-20\n\n示范县第二中学校2023年度部门整体支出绩效自评报告\n\n"
                 "我校对2023年度部门整体支出开展了自评，现将示范县第二中学校2023年度自评情况报告如下：\n"
                 "一、部门基本情况\n我校为全额拨款事业单位，在编教师38人。\n")


def test_a_bulleted_page_header_and_its_values_on_the_next_lines_are_furniture():
    """A site's bulleted list above the report (• 某局, • 发布机构 / its value on the line
    under it) gave the publisher as the unit above the title, and SEC017 at the school's name."""
    document = parse(BULLETED_PAGE)
    assert furniture_lines(document.furniture) == [1, 2, 3, 4, 5, 6, 7]
    assert document.title == "示范县第二中学校2023年度部门整体支出绩效自评报告"
    facts = Facts(document, None, None)
    assert facts.report.unit.value == "示范县第二中学校" and facts.report.filing_date is None
    assert not [f for f in check(BULLETED_PAGE) if f.rule == "SEC017"]


@pytest.mark.parametrize("separator", [" | ", "\t"])
def test_a_listing_row_that_names_the_report_is_furniture_not_its_title(separator):
    """公开目录 | 绩效自评报告 | 发布日期 | 2024-03-20: the site's listing, not the title (it gave
    2024 as the evaluated year and its date as the evaluation's work)."""
    rows = [["索引号", "01999999-X/20240320-00012", "发布机构", "示范县教育体育局"],
            ["公开目录", "绩效自评报告", "发布日期", "2024-03-20"], ["文号", "浏览量"]]
    text = "\n".join(separator.join(row) for row in rows) + (
        "\n示范县实验小学2023年度项目支出绩效自评报告\n一、基本情况\n本项目用于校园安保。\n二、自评结论\n"
        "经自评小组评价，本项目自评得分98分。2023年度本项目财政资金8.50万元，拨付8.50万元，预算执行率100%。\n")
    document = parse(text)
    assert document.title == "示范县实验小学2023年度项目支出绩效自评报告"
    assert furniture_lines(document.furniture) == [1, 2, 3]
    assert not [f for f in check(text) if f.rule.startswith("DAT")]


def test_a_table_of_page_metadata_is_furniture():
    document = parse(wild("hn-2020-webpage-health.txt"))
    assert {b.span.line for b in document.furniture} == {1, 2, 3, 4, 5, 34}
    assert document.title.endswith("绩效自评报告")


# -- the year, the filing date and the unit, with their sources ------------------------------------

@pytest.mark.parametrize("name,year,source", [
    ("hn-2018-county-forestry.txt", 2018, "标题"),
    ("ah-2022-project-form.txt", 2022, "表头"),
    ("hn-2022-signature.txt", 2022, "正文"),
    ("gd-zhanjiang-2021-agri.txt", 2021, "评价年度"),
    ("gd-suixi-2022-project.txt", 2022, "评价年度"),  # 评价年度：2022, the year alone
])
def test_one_evaluated_year_from_title_caption_body_or_field(name, year, source):
    report = Facts(parse(wild(name))).report
    assert (report.year, report.evaluated_year.source) == (year, source)


@pytest.mark.parametrize("name,unit,source", [
    ("ah-2022-project-form.txt", "县养老服务中心", "表内实施单位"),
    ("hn-2023-department-form.txt", "县交通运输局", "表内部门（单位）名称"),
    ("gd-maoming-2022-zhanjiang-boilerplate.txt", "茂名市自然资源局", "标题"),
    ("gd-suixi-2022-project.txt", "遂溪县水务局", "预算部门单位"),
])
def test_the_unit_of_a_form_a_title_or_a_project_cover(name, unit, source):
    found = Facts(parse(wild(name))).report.unit
    assert (found.value, found.source) == (unit, source)


@pytest.mark.parametrize("rows,unit", [
    # a form: 主管部门 and its value, 实施单位 and its value (the first label listed wins)
    ("\t项目名称\t污水处理设施建设工程\n\t主管部门\t某县住房和城乡建设局\n\t实施单位\t某县市政工程事务中心\n",
     "某县市政工程事务中心"),
    ("\t项目名称\t污水处理设施建设工程\n\t主管部门\t某县住房和城乡建设局\n", "某县住房和城乡建设局"),
    # a list of projects: the cell after 主管部门 is the next column's heading, not a unit
    ("序号 | 主管部门 | 项目单位 | 项目名称 | 发行金额（亿元） |\n1 | 某县住房和城乡建设局 | 某县市政工程事务中心 | 污水工程 | 0.4 |\n", None),
    ("\t序号\t主管部门\t责任部门\t项目名称\n\t1\t某县住房和城乡建设局\t某县市政工程事务中心\t污水工程\n", None),
])
def test_the_cell_after_a_unit_label_is_the_unit_unless_it_is_a_column_heading(rows, unit):
    found = Facts(parse("项目支出绩效自评表\n" + rows)).report.unit
    assert (found.value if found is not None and found.source.startswith("表内") else None) == unit


def test_a_unit_and_a_filing_date_set_off_by_one_space_are_two_fields():
    """单位名称:某镇政府 填报日期:2021.5.18 was one field: the unit 某镇政府 填报日期:2021.5.18, no filing date."""
    text = "单位名称:东林镇人民政府 填报日期:2021.5.18\n\n东林镇2020年度部门整体支出绩效自评报告\n\n一、基本情况\n\n本镇内设机构5个。\n"
    report = Facts(parse(text)).report
    assert (report.unit.value, report.unit.source) == ("东林镇人民政府", "单位名称")
    assert (report.filing.value, report.filing.date.iso, report.filing.span.line) == ("2021.5.18", "2021-05-18", 1)


BODY = "\n\n一、部门基本情况\n\n本局主要负责全县公路养护。\n"


@pytest.mark.parametrize("cover,year,year_line,unit,unit_source", [
    # the year and the words before 绩效 on the line above, the unit on the line above that
    ("某县交通运输局\n\n2022年度部门整体支出\n\n绩效自评报告", 2022, 3, "某县交通运输局", "标题上方"),
    # the year alone above a title that names the unit
    ("2022年度\n\n某县交通运输局部门整体支出绩效自评报告", 2022, 1, "某县交通运输局", "标题"),
    # the unit and the year on the first line, the rest of the title on the next (no blank line)
    ("某县交通运输局2021年度\n部门整体支出绩效自评报告", 2021, 1, "某县交通运输局", "标题"),
])
def test_a_title_written_over_lines_gives_its_year_and_unit(cover, year, year_line, unit, unit_source):
    report = Facts(parse(cover + BODY)).report
    assert (report.year, report.evaluated_year.source, report.evaluated_year.span.line) == (year, "标题", year_line)
    assert (report.unit.value, report.unit.source) == (unit, unit_source)


def test_the_year_of_a_wrapped_title_is_checked_against_the_preamble():
    """2022 on the cover's first title line, 2021 in the preamble: one of them is wrong; before
    the wrapped title was read, the preamble's year stood alone and nothing was found."""
    cover = "某县交通运输局\n\n2022年度部门整体支出\n\n绩效自评报告\n\n"
    preamble = "根据县财政局要求，我局对2021年度部门整体支出开展了绩效自评，现将情况报告如下：\n\n"
    found = [f for f in check(cover + preamble + BODY.lstrip("\n")) if f.rule == "DAT003"]
    assert [(f.line, f.evidence.stated, f.evidence.computed) for f in found] == [(7, "2021", "2022")]
    consistent = cover + preamble.replace("2021", "2022") + BODY.lstrip("\n")
    assert "DAT003" not in rules(check(consistent))


@pytest.mark.parametrize("cover", [
    "2023年5月\n\n某县交通运输局部门整体支出绩效自评报告",           # a date above the title: no title's year
    "2022年度工作总结\n\n某县交通运输局部门整体支出绩效自评报告",     # a line that the title does not go on from
    "某县交通运输局，2022年度\n\n部门整体支出绩效自评报告",         # a sentence mark: no title line
    "2022年度部门整体支出\n\n正文第一段写了很多内容。\n\n绩效自评报告",  # not directly above
])
def test_lines_above_the_title_that_are_not_part_of_it_give_no_year(cover):
    report = Facts(parse(cover + BODY)).report
    assert not [claim for claim in report.claims if claim.source == "标题"]


def test_the_signature_block_gives_the_filing_date_and_the_unit():
    report = Facts(parse(wild("hn-2022-signature.txt"))).report
    assert (report.filing_date.value.isoformat(), report.filing_date.source) == ("2023-05-16", "落款")
    assert (report.unit.value, report.unit.source) == ("汝城县文化旅游广电体育局", "落款")
    # a dated line that is not at the end is no signature
    text = wild("hn-2022-signature.txt").replace("汝城县文化旅游广电体育局\n\n2023年5月16日\n", "")
    assert Facts(parse(text)).report.filing_date is None


def test_a_labelled_filing_date_wins_over_the_signature():
    text = wild("gd-zhanjiang-2021-agri.txt") + "\n湛江市农业农村局\n\n2022年5月20日\n"
    report = Facts(parse(text)).report
    assert (report.filing_date.value.isoformat(), report.filing_date.source) == ("2022-05-12", "填报日期")


# -- numbering: forms are not headings, inline lists and ad-hoc markers are checked ------------------

def test_checkbox_rows_and_form_notes_are_not_headings():
    document = parse(wild("hn-2021-project-form-checkbox.txt"))
    assert list(document.walk_sections()) == []
    assert not [f for f in check(wild("hn-2021-project-form-checkbox.txt")) if f.rule in ("SEC005", "SEC006", "SEC007")]


def test_a_form_note_is_a_paragraph_but_a_real_repeat_is_still_found():
    notes = "注：\n1.预算执行率=全年执行数/全年预算数×100%；\n1.得分=分值×执行率。\n"
    assert not [f for f in check("一、基本情况\n\n正文。\n\n" + notes) if f.rule.startswith("SEC00")]
    repeat = "一、基本情况\n\n正文。\n\n1.人员情况\n\n正文。\n\n1.资产情况\n\n正文。\n"
    assert "SEC006" in rules(check(repeat))


def test_markers_after_a_cell_separator_are_not_headings():
    text = "一、绩效指标\n\n1.数量指标   完成人数   600人   612人\n\n1.质量指标 | 合格率 | 100% | 100%\n"
    assert not [f for f in check(text) if f.rule in ("SEC005", "SEC006", "SEC007")]
    assert [s.title for s in parse(text).walk_sections()] == ["绩效指标"]


INLINE = "一、主要做法\n\n我局重点抓了以下工作：1.完善制度；2.规范审批；3.开展培训；4.加强档案管理；4.加强资产管理；5.强化监督。\n"


def test_an_inline_list_that_repeats_a_number_is_reported():
    found = [f for f in check(INLINE) if f.rule == "SEC014"]
    assert len(found) == 1 and "“4.”之后应为“5.”" in found[0].message


@pytest.mark.parametrize("text", [
    "一、主要做法\n\n我局重点抓了以下工作：1.完善制度；2.规范审批；3.开展培训；4.加强档案管理。\n",
    "一、主要做法\n\n于2022.5.18召开会议，第1、2项任务完成，1、2月支出3.5万元，另有3项。\n",
])
def test_an_inline_list_in_order_or_numbers_that_are_no_list_stay_silent(text):
    assert "SEC014" not in rules(check(text))


FORM_CELL_LIST = ("某县2022年度部门整体支出绩效自评报告\n\n一、部门基本情况\n\n年度主要工作内容\n\n"
                  "1.完成全县道路巡查工作。2.做好养护平台的日常维护。3.收集整理道路信息。"
                  "4.完成养护单位的考核。4.处理群众反映的问题。5.指导乡镇开展养护。\n")


def test_a_form_cell_list_read_as_a_heading_is_checked_in_its_own_line():
    """A cell of items copied as one line opens with 1., so the outline reads it as a heading;
    the list that runs on in that line is still checked, and the repeat found at its column."""
    line = FORM_CELL_LIST.splitlines()[6]
    assert [s.title for s in parse(FORM_CELL_LIST).walk_sections()][-1] == "完成全县道路巡查工作"
    found = [f for f in check(FORM_CELL_LIST) if f.rule == "SEC014"]
    assert [(f.line, f.column, f.message) for f in found] == [
        (7, line.index("4.处理") + 1, "段内编号重复：“4.”之后应为“5.”，此处为“4.”")]


@pytest.mark.parametrize("text", [
    FORM_CELL_LIST.replace("4.处理", "5.处理").replace("5.指导", "6.指导"),
    # the heading's own marker is not item 1 of the list it introduces: not read as a list
    "一、部门基本情况\n\n3.项目完成情况：1.数量指标全部完成；2.质量指标全部达标；3.时效指标按期完成。\n",
    # a heading whose list starts again at 1 after its own marker
    "一、部门基本情况\n\n1.主要职能：1.负责道路养护；2.负责路政管理；3.负责应急抢险。\n",
])
def test_a_heading_line_whose_list_is_in_order_stays_silent(text):
    assert "SEC014" not in rules(check(text))


def test_ad_hoc_markers_that_skip_are_reported():
    text = ("一、改进措施\n\n措施1：健全制度。措施2：加强培训。措施3：规范采购。\n\n"
            "措施4、完善档案。措施6、加强监控。\n")
    found = [f for f in check(text) if f.rule == "SEC015"]
    assert len(found) == 1 and "“措施4”" in found[0].message and "“措施6”" in found[0].message
    assert "SEC015" not in rules(check(text.replace("措施6", "措施5")))


# -- leftovers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("leftover,kind", [
    ("项目实施内容及成效（100字以内）", "hint"),
    ("项目实施内容及成效（限200字）", "hint"),
    ("养护面积≥**平方米", "placeholder"),
    ("预算资金XX万元", "placeholder"),
    ("服务××人次", "placeholder"),
    ("填报日期：    年  月  日", "blank"),
])
def test_each_leftover_kind_is_found(leftover, kind):
    found = [f for f in check(f"一、基本情况\n\n{leftover}\n") if f.rule == "SEC010"]
    assert found and found[0].evidence.kind == kind


@pytest.mark.parametrize("text", ["项目实施内容及成效如下，共完成100项。", "养护面积≥3000平方米", "完成率100%（含2个子项目）"])
def test_filled_text_is_no_leftover(text):
    assert "SEC010" not in rules(check(f"一、基本情况\n\n{text}\n"))


def test_empty_numbered_indicator_rows_are_found_and_filled_ones_are_not():
    assert rules(check(wild("ah-2022-project-form.txt")), ("SEC016",)) == ["SEC016"]
    filled = wild("ah-2022-project-form.txt").replace("\t指标3\n\t\n\t\n\t\n", "\t指标3\n\t培训场次\n\t≥4次\n\t5次\n")
    assert "SEC016" not in rules(check(filled))
    assert "SEC016" in rules(check("一、绩效指标\n\n指标3：\n"))


def test_another_units_name_left_from_a_copied_report():
    text = ("评价单位：某市水务局\n\n填报日期：2023年4月20日\n\n"
            "现将2022年某市自然资源局整体支出绩效自评报告如下：\n\n一、单位基本情况\n\n正文。\n")
    found = [f for f in check(text) if f.rule == "SEC017"]
    assert len(found) == 1 and "某市自然资源局" in found[0].message
    same = text.replace("某市自然资源局", "某市水务局")
    assert "SEC017" not in rules(check(same))
    # other bodies the report cites are no self-reference
    cited = text.replace("现将2022年某市自然资源局整体支出绩效自评报告如下", "根据某市财政局通知要求，现将2022年某市水务局整体支出绩效自评报告如下")
    assert "SEC017" not in rules(check(cited))


def test_a_signature_of_another_unit_is_reported():
    text = wild("hn-2022-signature.txt").replace("部门整体支出绩效自评报告\n", "汝城县文化旅游广电体育局2022年部门整体支出绩效自评报告\n", 1)
    assert "SEC017" not in rules(check(text))
    copied = text.replace("\n汝城县文化旅游广电体育局\n\n2023年5月16日", "\n宜章县文化旅游广电体育局\n\n2023年5月16日")
    assert "SEC017" in rules(check(copied))


def test_the_guangdong_county_project_wording_is_matched_to_the_project_template():
    text = ("县司法局2020年度法律顾问经费绩效自评报告\n一、基本情况\n项目预算资金110万元。\n"
            "二、绩效自评工作组织情况\n成立自评工作小组。\n三、绩效自评结论\n自评得分95分。\n"
            "四、绩效评价分析\n覆盖全县村（社区）。\n五、存在问题\n个别顾问服务偏少。\n六、相关措施及建议\n加强考核。\n")
    document = parse(text)
    assert document.profile.name == "project-generic"
    assert [s.canonical for s in document.sections] == [
        "基本情况", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效目标实现情况", "存在的问题", "改进措施"]
