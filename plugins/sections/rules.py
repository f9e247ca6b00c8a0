"""The SEC rules: structure, numbering and template residue. Declarations and docs only."""

from __future__ import annotations

from reportlint.pluginapi.rules import Rule


class MissingRequiredSection(Rule):
    """A section the report's template requires is missing.

    ## What it does
    Matches the report's headings against the outline of its profile (the template it was
    detected as, or the one named with `--profile`), titles and their synonyms, and names
    every required section that is not there, with the place it was expected: under which
    heading and before which one. A missing section's own subsections are not listed again.

    ## Why is this bad?
    The template is what the finance bureau reads reports against; a missing part means a
    question the report does not answer (自评材料报送时间及质量, 存在问题 …).

    ## Example
    `缺少模板要求的章节“自评工作过程”：应在“二、自评工作开展情况”下、“（三）自评材料报送时间及质量”之前`
    """

    code = "SEC001"
    name = "missing-required-section"
    severity = "error"


class MissingHeaderField(Rule):
    """A header field the template requires is missing or left blank.

    ## What it does
    Checks the labelled fields under the title (评价年度：, 评价单位：, 填报日期：) against the
    profile's `required_fields`; reports a field that is absent, or present with no value.

    ## Why is this bad?
    The header identifies the report: which unit, which year, when it was filed.

    ## Example
    `表头缺少“填报日期”（模板要求：评价年度、评价单位、填报日期）`
    """

    code = "SEC002"
    name = "missing-header-field"
    severity = "error"


class SectionOutOfOrder(Rule):
    """Sections stand in another order than the template's.

    ## What it does
    Among the sections matched to the same part of the template outline, reports one that
    comes after a section the template puts behind it. Sections marked `ordered = false`
    in the profile (主要做法和经验, placed differently by different template versions) are
    not checked.

    ## Why is this bad?
    Readers (and the bureau's reviewers) look for each part at its place in the template.

    ## Example
    `章节“存在问题”应在“改进措施”之前（模板顺序）`
    """

    code = "SEC003"
    name = "section-out-of-order"
    severity = "warning"


class MissingMarker(Rule):
    """A heading lost its numbering marker.

    ## What it does
    Reports a heading that was recognised only because its title is one of the template's
    (单位基本情况 on a line of its own) while the template numbers it, and says which
    marker the numbering around it calls for (一、 before 二、; （二） between （一） and
    （三）). When the neighbours do not settle the number, the message names no marker.

    ## Why is this bad?
    The outline reads as broken (二、 with no 一、), and a reader cannot tell a heading from
    a line of text.

    ## Example
    `标题“单位基本情况”缺少编号，应为“一、单位基本情况”`
    """

    code = "SEC004"
    name = "missing-marker"
    severity = "error"


class NumberingSkip(Rule):
    """Numbering skips a number: （一） then （三）, 一是 then 三是.

    ## What it does
    Follows every list of headings at each level (一、 （一） 1. （1） ①, full- or
    half-width) and every enumeration inside a paragraph (一是…二是…), and reports a
    number that jumps over the next one. Headings that lost their marker, and headings
    run into the end of a paragraph, are counted in their place.

    ## Why is this bad?
    Either a part is missing or the numbering is wrong; both confuse the reader.

    ## Example
    `编号跳号：“（一）”之后应为“（二）”，此处为“（三）”`
    """

    code = "SEC005"
    name = "numbering-skip"
    severity = "error"


class NumberingRepeat(Rule):
    """The same number is used twice in a row: （2） then （2）, 四是 then 四是.

    ## What it does
    Reports a heading marker or an in-paragraph enumeration (一是/二要) that repeats the
    number just before it at the same level.

    ## Why is this bad?
    Two items with one number: references to "（2）" become ambiguous and the count is off.

    ## Example
    `编号重复：“（2）”已在第95行使用，此处应为“（3）”`
    """

    code = "SEC006"
    name = "numbering-repeat"
    severity = "error"


class NumberingGoesBack(Rule):
    """Numbering goes back: （三） then （二）, 三是 then 二是.

    ## What it does
    Reports a heading marker or in-paragraph enumeration whose number is lower than the one
    before it at the same level. A list that starts again at 一是 (a new list, or a list
    nested inside an item: 二是…。一是…；二是…) is not an error.

    ## Why is this bad?
    The order of the items is broken, or an item is misnumbered.

    ## Example
    `编号倒退：“（三）”之后出现“（二）”，此处应为“（四）”`
    """

    code = "SEC007"
    name = "numbering-goes-back"
    severity = "error"


class BorrowedMarkers(Rule):
    """A list inside a section uses a higher level's markers.

    ## What it does
    Reports a run of items numbered 一、二、 (first-level markers) inside a deeper section
    such as （五）改进措施, once per run, and names the markers the level calls for.

    ## Why is this bad?
    The items read as new top-level parts of the report: 一、 under （五） and then the real
    四、 make the outline ambiguous.

    ## Example
    `“（五）改进措施”下的列表借用了上级编号“一 、”“二、”，应改用本级编号“1.”“2.”`
    """

    code = "SEC008"
    name = "borrowed-markers"
    severity = "warning"


class EmptySection(Rule):
    """A template section holds nothing but its heading.

    ## What it does
    Reports a section matched to the template outline that has no text, no table and no
    subsection: only its heading (or only leftover template instructions).

    ## Why is this bad?
    The question the template asks in that section is left unanswered. Write at least
    "无" when there is nothing to report.

    ## Example
    `章节“（三）自评材料报送时间及质量”没有内容`
    """

    code = "SEC009"
    name = "empty-section"
    severity = "error"


class TemplateLeftover(Rule):
    """Template text left in the report: instructions and unfilled placeholders.

    ## What it does
    Reports the instructions the template prints in its blanks (from the profile's
    `template_phrases`, such as 简介评价小组成立情况，人员构成，职能分工等。) and text shaped
    like one (a sentence starting with 简介 / 简述 / 请填写 …); and placeholders: XXX, ××,
    【请填写】, （单位名称）, runs of underscores, blank dates (    年  月  日) and the
    profile's own `placeholders` patterns.

    ## Why is this bad?
    The report was published with the template's scaffolding still in it.

    ## Example
    `模板说明文字未删除：“简介评价小组成立情况，人员构成，职能分工等。”`
    """

    code = "SEC010"
    name = "template-leftover"
    severity = "error"


class MixedMarkerStyle(Rule):
    """Markers of one level are written in different ways: （一） and (一), 1. and 1、.

    ## What it does
    Markers of one level written with other brackets, punctuation or spacing than most
    markers of that level in the report are reported. They are understood as the same
    level either way; this rule is about presentation and is off by default.

    ## Why is this bad?
    Inconsistent typography looks careless in a published report.

    ## Example
    `编号写法不一致：“(四）”，本文同级编号多写作“（一）”`
    """

    code = "SEC011"
    name = "mixed-marker-style"
    severity = "info"
    enabled_by_default = False


class HeadingInParagraph(Rule):
    """A template heading is run into the end of a paragraph.

    ## What it does
    Reports a paragraph that ends with a numbered template heading (…组长审定。 （三）自评材料
    报送时间及质量。): the heading lost its line break and reads as part of the text above.

    ## Why is this bad?
    The section seems to be missing; its content seems to belong to the section before.

    ## Example
    `标题“（三）自评材料报送时间及质量”接在上一段末尾，应另起一行`
    """

    code = "SEC012"
    name = "heading-in-paragraph"
    severity = "error"


class MissingAttachment(Rule):
    """An attachment the template requires is missing.

    ## What it does
    Checks the report's attachments (附件1-1 …) against the profile's `attachments` by
    label and title, and names the required ones that are absent.

    ## Why is this bad?
    The attached tables (基础数据表, 自评表) carry the figures the report is judged on.

    ## Example
    `缺少模板要求的附件“附件1-2 部门整体支出绩效自评表”`
    """

    code = "SEC013"
    name = "missing-attachment"
    severity = "error"


RULES: list[type[Rule]] = [
    MissingRequiredSection, MissingHeaderField, SectionOutOfOrder, MissingMarker, NumberingSkip,
    NumberingRepeat, NumberingGoesBack, BorrowedMarkers, EmptySection, TemplateLeftover,
    MixedMarkerStyle, HeadingInParagraph, MissingAttachment,
]
