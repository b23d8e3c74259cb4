"""What a :class:`~greencert.core.exceptions.Problem` says, in Chinese and in English.

A declarative table, like :data:`greencert.core.explanation.MESSAGES`: one
entry per message code, ``{name}`` placeholders filled from the problem's
``params``.  The English texts are the lines the command line has always
printed; scripts and tests read them, so they change only on purpose.

>>> MESSAGES["alpha.outside"]["zh-hans"].format(value="1.2")
'α 1.2 不在 [0, 1] 范围内'
"""

from __future__ import annotations

# How a location is written (see Problem.where_text).
WHERE: dict[str, dict[str, str]] = {
    "zh-hans": {
        "line": "第 {line} 行第 {column} 列",
        "key": "键 {key}",
        "sheet": "工作表 {sheet}",
        "row": "第 {row} 行",
        "aside": "（{subject}）",
        "item": "第 {item} 项",
        "clause": "条款 {clause}",
        "nonconformity": "不符合项 {id}",
        "part": " ",
        "colon": "：",
        "path:input": "输入数据",
        "path:evaluations": "测评列表",
        "path:maturity": "管理成熟度",
        "path:nonconformities": "不符合项列表",
        "path:blueprint": "服务蓝图",
        "path:blueprint.steps": "服务蓝图的步骤",
        "step": "第 {step} 步",
        "field:customer": "顾客行为",
        "field:contacts": "前台接触点",
        "field:backstage": "后台行为",
        "field:support": "支持过程",
        "field:rater": "评价人账号",
        "path:qms": "GB/T 19001 审核",
        "path:specific": "特定管理要求审核",
        "path:exemption": "免除审核",
    },
    "en": {
        "line": "line {line} column {column}",
        "key": "key {key}",
        "sheet": "sheet {sheet}",
        "row": "row {row}",
        "aside": " ({subject})",
        "item": "item {item}",
        "clause": "clause {clause}",
        "nonconformity": "nonconformity {id}",
        "part": ".",
        "colon": ": ",
        "path:blueprint": "blueprint",
        "path:blueprint.steps": "blueprint steps",
        "step": "step {step}",
        "field:customer": "customer action",
        "field:contacts": "contact points",
        "field:backstage": "backstage actions",
        "field:support": "support processes",
        "field:rater": "rater account",
    },
}


def _m(zh: str, en: str) -> dict[str, str]:
    return {"zh-hans": zh, "en": en}


MESSAGES: dict[str, dict[str, str]] = {
    # --- a single value (α, Likert level, maturity level), RULES.md §1–2
    "alpha.not_number": _m("α {value} 不是数字", "α {value} is not a number"),
    "alpha.outside": _m("α {value} 不在 [0, 1] 范围内", "α {value} is outside [0, 1]"),
    "alpha.too_precise": _m(
        "α {value} 的小数超过 {places} 位", "α {value} has more than {places} decimals"
    ),
    "likert.not_level": _m(
        "李克特等级 {value} 不是 {low}–{high} 中的一级",
        "Likert level {value} is not one of {low}–{high}",
    ),
    "maturity.not_level": _m(
        "成熟度等级 {value} 不是 1–{top} 中的一级", "level {value} is not one of 1–{top}"
    ),
    # --- the input contract of `greencert score`
    "input.not_object": _m("必须是 JSON 对象", "must be a JSON object"),
    "input.unknown_key": _m("未知的键 {key}", "unknown key {key}"),
    "input.scheme_not_text": _m(
        "必须是文本，例如 'CTS TBSC041-2026 B/0'",
        "must be a string such as 'CTS TBSC041-2026 B/0'",
    ),
    "input.not_list": _m("必须是列表", "must be a list"),
    "input.not_map": _m("必须是条款编号到等级 1–5 的映射", "must map clause ids to levels 1–5"),
    "input.not_record": _m("必须是对象", "must be an object"),
    "evaluation.id_twice": _m("该测评编号重复使用", "this evaluation id is used twice"),
    "evaluation.needs_id": _m("缺少编号（非空文本）", "needs an id (a non-empty string)"),
    "evaluation.not_text": _m("{key} 必须是文本", "{key} must be text"),
    "evaluation.bad_date": _m(
        "日期 {value} 不是有效日期（YYYY-MM-DD）", "date {value} is not a date (YYYY-MM-DD)"
    ),
    "evaluation.bad_source": _m(
        "来源 {value} 不是 {choices} 之一", "source {value} is not one of {choices}"
    ),
    "evaluation.ratings_not_map": _m(
        "{key} 必须是评价内容编号到数值的映射", "{key} must map item ids to values"
    ),
    "evaluation.unrated": _m(
        "评价内容未评：{items}（每个评价内容都必须评价）",
        "items not rated: {items} (every item is required)",
    ),
    # An evaluation's rater, an account of the project's team (the web's evaluations).
    "evaluation.rater_not_on_team": _m(
        "{name} 不是本项目审核组成员，不能作为评价人",
        "{name} is not on the project's team: they cannot be the rater",
    ),
    "evaluation.rater_not_rating_source": _m(
        "只有审核员或神秘顾客的测评才记录评价人（来源为 {source}）",
        "only an auditor's or a mystery shopper's evaluation has a rater (the source is {source})",
    ),
    "rating.not_item": _m("不是本方案的评价内容", "is not an item of the scheme"),
    "rating.twice": _m("同时给出了 α 和李克特等级", "is given both as α and as a Likert level"),
    "maturity.not_clause": _m("不是本方案的条款", "is not a clause of the scheme"),
    "nonconformity.needs_id": _m("缺少编号", "needs an id"),
    "nonconformity.id_twice": _m("该不符合项编号重复使用", "this nonconformity id is used twice"),
    "nonconformity.bad_clause": _m(
        "条款 {value} 不是本方案的条款", "clause {value} is not a clause of the scheme"
    ),
    "nonconformity.bad_item": _m(
        "评价内容 {value} 不是本方案的评价内容", "item {value} is not an item of the scheme"
    ),
    "nonconformity.bad_severity": _m(
        "严重程度 {value} 不是 major（严重）或 minor（一般）",
        "severity {value} is not major or minor",
    ),
    "nonconformity.bad_status": _m(
        "状态 {value} 不是 {choices} 之一", "status {value} is not one of {choices}"
    ),
    # --- the checklist audits (§4.2.1, §4.2.2, §5.2.1, §5.2.2)
    "checklist.not_row": _m("不是 {checklist} 的条款", "is not a row of {checklist}"),
    "checklist.bad_verdict": _m(
        "结论 {value} 不是 {choices} 之一", "verdict {value} is not one of {choices}"
    ),
    "checklist.exempted_specific": _m(
        "特定管理要求不能免除（§5.2.2 只免除 GB/T 19001 的审核）；结论须为 {choices} 之一",
        "specific requirements cannot be exempted (§5.2.2 exempts GB/T 19001 rows only); "
        "the verdict must be one of {choices}",
    ),
    "audit.not_map": _m(
        "必须是条款编号到结论的映射（{choices}）",
        "must map clause ids to verdicts ({choices})",
    ),
    "exemption.bad_date": _m(
        "{key} {value} 不是有效日期（YYYY-MM-DD）", "{key} {value} is not a date (YYYY-MM-DD)"
    ),
    "exemption.needs_date": _m("缺少 {key}（YYYY-MM-DD）", "needs {key} (YYYY-MM-DD)"),
    "exemption.not_list": _m(
        "clauses 必须是 GB/T 19001 条款编号的列表",
        "clauses must be a list of GB/T 19001 clause ids",
    ),
    "nonconformity.bad_ref": _m(
        '引用必须是 {{"kind": …, "id": …}}，kind 为 {choices} 之一',
        'ref must be {{"kind": …, "id": …}} with kind one of {choices}',
    ),
    "nonconformity.unknown_ref": _m(
        "引用 {kind} {value} 不存在", "reference {kind} {value} does not exist"
    ),
    "nonconformity.ref_and_clause": _m(
        "ref 与 clause/item 只能给出其一", "give either ref or clause/item, not both"
    ),
    "nonconformity.needs_ref": _m("缺少引用（ref 或 clause）", "needs a reference (ref or clause)"),
    "nonconformity.contradiction": _m(
        "引用 {kind} {ref}，但该条款的审核结论为 {verdict}：不符合项只能针对结论为 minor 或 major 的条款",
        "cites {kind} {ref}, which is judged {verdict}: a nonconformity may only cite a row "
        "judged minor or major",
    ),
    # --- files and JSON read by the command line
    "file.missing": _m("文件不存在", "no such file"),
    "file.not_text": _m(
        "既不是 UTF-8 文本（JSON），也不是 .xlsx 工作簿",
        "is not UTF-8 text (JSON) nor an .xlsx workbook",
    ),
    "file.unreadable": _m("无法读取（{reason}）", "cannot be read ({reason})"),
    "file.unwritable": _m("无法写入（{reason}）", "cannot be written ({reason})"),
    "json.invalid": _m("不是有效的 JSON：{reason}", "not valid JSON: {reason}"),
    "json.unusable": _m("无法使用的 JSON：{reason}", "not usable JSON: {reason}"),
    "json.key_twice": _m("在同一对象中出现两次", "is given twice in the same object"),
    "json.not_utf8_json": _m("不是有效的 UTF-8 JSON：{reason}", "not valid UTF-8 JSON: {reason}"),
    "context.unknown_key": _m("未知的键（可用：{known}）", "unknown key (known: {known})"),
    # --- the §5.2.2 exemption record in `greencert report --context`
    "context.missing": _m("缺少此键", "is missing"),
    "context.not_text": _m("必须是文本", "must be text"),
    "context.not_bool": _m("必须是 true 或 false", "must be true or false"),
    "context.not_date": _m("{value} 不是日期（YYYY-MM-DD）", "{value} is not a date (YYYY-MM-DD)"),
    "context.exemption_differs": _m(
        "为 {value}，但输入的 exemption（核心据以判定免除）为 {judged}",
        "is {value}, but the input's exemption (which the core judged) says {judged}",
    ),
    "context.exemption_not_in_input": _m(
        "输入没有 exemption（§5.2.2 免除决定），核心未判定免除：报告不能只凭上下文显示免除",
        "the input has no exemption (§5.2.2), so the core judged none: the report cannot show "
        "one from the context alone",
    ),
    "cli.scheme_mismatch": _m(
        "输入指定的方案是 {named}，但 --scheme 要求 {asked}",
        "the input names {named} but --scheme asks for {asked}",
    ),
    # --- a service blueprint (§4.2.2 2)①, core/blueprint.py)
    "context.bad_blueprint": _m(
        "必须是只含 site、service、blueprint 三个键的对象",
        "must be an object of exactly site, service and blueprint",
    ),
    "blueprint.no_steps": _m("至少需要一个步骤", "needs at least one step"),
    "blueprint.too_many_steps": _m(
        "有 {count} 个步骤，最多 {limit} 个", "has {count} steps, at most {limit} are allowed"
    ),
    "blueprint.too_many_entries": _m(
        "有 {count} 条，最多 {limit} 条", "has {count} entries, at most {limit} are allowed"
    ),
    "blueprint.empty": _m("不能为空", "must not be empty"),
    "blueprint.not_text": _m("必须是文本", "must be text"),
    "blueprint.too_long": _m(
        "有 {length} 个字符，最多 {limit} 个", "has {length} characters, at most {limit}"
    ),
    "blueprint.contact_kind": _m(
        "类型 {value} 不是 people（人员）、equipment（设备设施）、digital（数字）之一",
        "type {value} is not one of people, equipment, digital",
    ),
    "serve.secret_key": _m(
        "SECRET_KEY 缺失、为占位值或短于 40 个字符",
        "SECRET_KEY is missing, a placeholder or shorter than 40 characters",
    ),
    "serve.allowed_hosts": _m(
        "ALLOWED_HOSTS 为空：请列出本服务器响应的主机名",
        "ALLOWED_HOSTS is empty: name the host names this server answers to",
    ),
    "serve.debug": _m(
        "GREENCERT_DEBUG 已开启：生产环境必须关闭调试",
        "GREENCERT_DEBUG is on: debug must be off in production",
    ),
    "tasks.no_broker": _m(
        "未配置消息代理：请设置 REDIS_URL（或 CELERY_BROKER_URL）；未配置时，"
        "`greencert serve` 与 `greencert demo` 自行完成后台工作",
        "no broker: set REDIS_URL (or CELERY_BROKER_URL); without one, "
        "`greencert serve` and `greencert demo` do the background work themselves",
    ),
    # --- a filled workbook
    "workbook.not_xlsx": _m("不是 Excel .xlsx 工作簿", "not an Excel .xlsx workbook"),
    "workbook.no_sheets": _m(
        "没有 GreenCert 工作表：请填写 GreenCert 生成的模板",
        "has no GreenCert sheets: fill in a template written by GreenCert",
    ),
    "workbook.other_scheme": _m(
        "是为方案 {made_for} 制作的，不是 {scheme}",
        "was made for scheme {made_for}, not {scheme}",
    ),
    "workbook.maturity_twice": _m(
        "成熟度等级填写在多个工作表中（{sheets}）",
        "maturity levels are on several sheets ({sheets})",
    ),
    "workbook.formula": _m("含有公式：请直接填写数值", "holds a formula: type the value itself"),
    "workbook.rating_formula": _m(
        "α 或李克特等级单元格含有公式：请直接填写数值",
        "the α or Likert cell holds a formula: type the value itself",
    ),
    "workbook.level_formula": _m(
        "等级单元格含有公式：请直接填写数值",
        "the level cell holds a formula: type the value itself",
    ),
    "workbook.cell_formula": _m(
        "有单元格含有公式：请直接填写数值", "a cell holds a formula: type the value itself"
    ),
    "workbook.item_twice": _m(
        "评价内容 {item} 也出现在第 {other_row} 行", "item {item} is also on row {other_row}"
    ),
    "workbook.clause_twice": _m(
        "条款 {clause} 也出现在第 {other_row} 行", "clause {clause} is also on row {other_row}"
    ),
    "workbook.stray_rating": _m(
        "填写了评价，但 A 列没有本方案的评价内容编号",
        "has a rating but no item id of the scheme in column A",
    ),
    "workbook.stray_level": _m(
        "填写了等级，但 A 列没有本方案的条款编号",
        "has a level but no clause id of the scheme in column A",
    ),
    "workbook.no_field_row": _m(
        "没有“{label}”行：无法识别该测评", "has no {label} row: it cannot be identified"
    ),
    "workbook.needs_evaluation_id": _m(
        "需要填写测评编号（{label}）", "needs an evaluation id ({label})"
    ),
    "workbook.evaluation_id_twice": _m(
        "测评编号 {id} 也用于工作表 {other_sheet}",
        "evaluation id {id} is also used on sheet {other_sheet}",
    ),
    "workbook.both_ratings": _m(
        "同时给出了 α {alpha} 和李克特等级 {level}：只能填写一项",
        "gives both α {alpha} and Likert level {level}: fill only one",
    ),
    "workbook.unrated": _m(
        "评价内容未评：{items}（每个评价内容都需要 α 或李克特等级）",
        "items not rated: {items} (every item needs α or Likert)",
    ),
    "workbook.needs_nonconformity_id": _m("需要填写编号", "needs an id (编号)"),
    # --- the checklist sheets of a filled workbook (GB/T 19001, §4.2.2, §5.2.2)
    "workbook.other_checklist": _m(
        "是为审核清单 {made_for} 制作的，不是 {checklist}",
        "was made for checklist {made_for}, not {checklist}",
    ),
    "workbook.no_checklist": _m(
        "是审核清单 {label} 的工作表，但方案 {scheme} 不使用该清单",
        "is a sheet of checklist {label}, which scheme {scheme} does not use",
    ),
    "workbook.checklist_twice": _m(
        "同一审核清单的结论填写在多个工作表中（{sheets}）",
        "verdicts of one checklist are on several sheets ({sheets})",
    ),
    "workbook.stray_verdict": _m(
        "填写了结论，但 A 列没有该审核清单的条款编号",
        "has a verdict but no clause id of the checklist in column A",
    ),
    "workbook.needs_reason": _m(
        "结论为“不适用”，须在“不适用理由”栏写明理由",
        "is out of scope: write the reason in the reason column",
    ),
    "workbook.unknown_scheme": _m(
        "是为方案 {label} 制作的，本系统没有该方案（已有：{known}）",
        "was made for scheme {label}, which is not installed here (known: {known})",
    ),
    "workbook.schemes_mixed": _m(
        "各工作表是为不同方案制作的（{labels}）：请只用同一方案的模板",
        "its sheets were made for different schemes ({labels}): use one scheme's template",
    ),
    "workbook.nonconformity_id_twice": _m(
        "编号 {id} 也用于工作表 {other_sheet} 第 {other_row} 行",
        "id {id} is also used on sheet {other_sheet} row {other_row}",
    ),
    # --- an uploaded workbook beyond the limits of greencert.workbook.limits
    "workbook.too_large": _m(
        "解压后有 {size} MB，超过 {limit} MB 的上限：未读取",
        "unpacks to {size} MB, over the limit of {limit} MB: it was not read",
    ),
    "workbook.too_many_parts": _m(
        "内部文件超过 {limit} 个的上限：未读取",
        "holds more than {limit} internal files, the limit: it was not read",
    ),
    "workbook.too_many_sheets": _m(
        "工作表超过 {limit} 张的上限：未读取",
        "has more than {limit} sheets, the limit: it was not read",
    ),
    "workbook.too_many_elements": _m(
        "XML 元素超过 {limit} 个的上限：读取到此停止",
        "holds more than {limit} XML elements, the limit: reading stopped here",
    ),
    "workbook.too_many_rows": _m(
        "超过 {limit} 行的上限：读取到此停止",
        "is beyond the limit of {limit} rows: reading stopped here",
    ),
    "workbook.too_many_columns": _m(
        "{column} 列超过 {limit} 列的上限：读取到此停止",
        "column {column} is beyond the limit of {limit} columns: reading stopped here",
    ),
    "workbook.too_many_cells": _m(
        "整个工作簿的单元格超过 {limit} 个的上限：读取到此停止",
        "the workbook has more than {limit} cells, the limit: reading stopped here",
    ),
    "workbook.text_too_long": _m(
        "{column} 列的文字有 {length} 个字符，超过 {limit} 个字符的上限",
        "the text in column {column} has {length} characters, over the limit of {limit}",
    ),
    # --- a scheme file and its invariants
    "scheme.not_toml": _m("不是有效的 TOML：{reason}", "not valid TOML: {reason}"),
    "scheme.not_table": _m("必须是表", "must be a table"),
    "scheme.unknown_key": _m("未知的键", "unknown key"),
    "scheme.missing": _m("缺失", "is missing"),
    "scheme.wrong_type": _m("类型错误（{type}）", "has the wrong type ({type})"),
    "scheme.not_array": _m("必须是非空的表数组", "must be a non-empty array of tables"),
    "scheme.points_not_whole": _m("必须是整数", "must be whole numbers"),
    "scheme.negative_places": _m("必须大于或等于 0", "must be 0 or more"),
    "scheme.blank_identity": _m("代号和版本不能为空", "code and version must not be blank"),
    "scheme.level_count": _m(
        "管理水平的级数必须与成熟度等级相同", "must have as many levels as maturity_levels"
    ),
    "scheme.level_number": _m("为 {found}，应为 {expected}", "is {found}, expected {expected}"),
    "scheme.band_empty": _m(
        "下限 {lower} 不小于上限 {upper}", "lower {lower} is not below upper {upper}"
    ),
    "scheme.likert_gap": _m(
        "为 {lower}，但下一档止于 {below}：各档必须首尾相接",
        "is {lower} but the band below ends at {below}: bands must be contiguous",
    ),
    "scheme.alpha_outside_band": _m("{alpha} 不在本档区间内", "{alpha} is not inside its own band"),
    "scheme.alpha_too_precise": _m(
        "{alpha} 的小数位数超过 alpha_places", "{alpha} has more than alpha_places decimals"
    ),
    "scheme.likert_start": _m("各档必须从 0 开始", "bands must start at 0"),
    "scheme.likert_end": _m("各档必须止于 1", "bands must end at 1"),
    "scheme.defined_twice": _m("重复定义", "is defined twice"),
    "scheme.weight_not_positive": _m("必须为正数", "must be positive"),
    "scheme.weights_total": _m(
        "评价内容分值合计为 {total}，不是 100", "item weights sum to {total}, not 100"
    ),
    "scheme.points_count": _m(
        "有 {count} 个分值，但有 {levels} 个等级", "has {count} entries for {levels} levels"
    ),
    "scheme.points_not_rising": _m("{points} 必须随等级递增", "{points} must rise with the level"),
    "scheme.worth_mismatch": _m(
        "为 {worth}，但最高等级得 {top} 分", "is {worth} but the top level scores {top}"
    ),
    "scheme.bands_gap": _m("各档必须首尾相接", "bands must be contiguous"),
    "scheme.bands_cover": _m(
        "覆盖 [{lower}, {upper}]，但总分范围为 [{low}, {high}]",
        "cover [{lower}, {upper}] but totals range over [{low}, {high}]",
    ),
    "scheme.grade_twice": _m("{grade} 重复列出", "{grade} is listed twice"),
    "scheme.grade_blank": _m("不能为空", "must not be blank"),
    "scheme.min_service_outside": _m("{value} 不在 [0, 100] 范围内", "{value} is outside [0, 100]"),
    "scheme.min_service_too_precise": _m(
        "{value} 的小数位数超过 service_score_places",
        "{value} has more decimals than service_score_places",
    ),
    "scheme.not_a_level": _m("{value} 不是管理水平等级", "{value} is not a level"),
    "scheme.grade_order": _m(
        "{grade} 的要求必须低于上一行的 {above}：各行从最高等级排起",
        "{grade} must ask less than {above} above it: rows go highest first",
    ),
    "scheme.label_twice": _m(
        "{label} 定义了两次且内容不同", "{label} is defined twice with different content"
    ),
    "scheme.unknown": _m(
        "未知的方案 {label}（已有：{known}）", "unknown scheme {label} (known: {known})"
    ),
    "checklist.bad_kind": _m("必须是 {choices} 之一", "must be one of {choices}"),
    "checklist.clause_twice": _m("条款 {id} 重复列出", "clause {id} is listed twice"),
    "checklist.unknown": _m(
        "未知的审核清单 {label}（已有：{known}）", "unknown checklist {label} (known: {known})"
    ),
    "checklist.none_for_qms": _m(
        "方案 {scheme} 没有质量管理体系审核清单", "scheme {scheme} has no GB/T 19001 checklist"
    ),
    "checklist.none_for_specific": _m(
        "方案 {scheme} 没有特定要求审核清单", "scheme {scheme} has no §4.2.2 checklist"
    ),
    # --- the regulator's report format (core/report_format.py) and a report's rows
    "report_format.key_twice": _m("{key} 重复列出", "{key} is listed twice"),
    "report_format.code_list_with_kind": _m(
        "代码列（kind = code）须且只有代码列须指明 code_list",
        "a code column (kind = code) names its code_list, and only a code column does",
    ),
    "report_format.no_code_list": _m("没有这个代码表", "names no code list of the file"),
    # Each language names the column and list in its own words; the other language's names are
    # formatted to nothing (".0"), so that both texts take the same parameters.
    "report.missing": _m(
        "“{column}”为必填项，未填写{column_en:.0}", "{column_en} is required but empty{column:.0}"
    ),
    "report.not_in_list": _m(
        "“{column}”的值 {value} 不在代码表“{list}”中{column_en:.0}{list_en:.0}",
        "{column_en}: {value} is not in the code list {list_en}{column:.0}{list:.0}",
    ),
    "report.code_to_complete": _m(
        "“{column}”：代码表“{list}”中“{label}”的代码尚未由本机构补全"
        "{column_en:.0}{list_en:.0}{label_en:.0}",
        "{column_en}: the code of “{label_en}” in the list {list_en} is still to be completed "
        "by the body{column:.0}{list:.0}{label:.0}",
    ),
    "report.not_date": _m(
        "“{column}”的值 {value} 不是日期{column_en:.0}",
        "{column_en}: {value} is not a date{column:.0}",
    ),
    "report.not_number": _m(
        "“{column}”的值 {value} 不是数字或编号{column_en:.0}",
        "{column_en}: {value} is not a number or code of digits{column:.0}",
    ),
}

# One entry of a list in a blueprint step: the entry's own problem, prefixed with its number.
for _code in (
    "blueprint.empty",
    "blueprint.not_text",
    "blueprint.too_long",
    "blueprint.contact_kind",
    "input.not_record",
):
    MESSAGES[f"blueprint.entry:{_code}"] = {
        "zh-hans": "第 {entry} 条：" + MESSAGES[_code]["zh-hans"],
        "en": "entry {entry}: " + MESSAGES[_code]["en"],
    }
