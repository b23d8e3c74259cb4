"""``greencert scheme list|show|export``: the scheme as readable tables or as JSON."""

from __future__ import annotations

import json

from rich import box
from rich.console import Console
from rich.table import Table

from greencert.core.level_wording import level_wording
from greencert.core.registry import available_schemes, get_scheme
from greencert.core.scheme import Scheme
from greencert.core.scheme_export import scheme_as_dict


def register(commands) -> None:
    parser = commands.add_parser("scheme", help="list, show or export certification schemes")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", help="the schemes that are loaded")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help="print a scheme as tables")
    show.add_argument("--scheme", help="e.g. 'CTS TBSC041-2026 B/0' (default)")
    show.add_argument("--full", action="store_true", help="include requirement and guidance texts")
    show.set_defaults(handler=run_show)
    export = actions.add_parser("export", help="dump a scheme")
    export.add_argument("--scheme")
    export.add_argument("--format", choices=["json"], default="json")
    export.set_defaults(handler=run_export)


def run_list(args) -> int:
    for scheme in available_schemes():
        print(f"{scheme.label}\t{scheme.effective}\t{scheme.hash}")
    return 0


def run_export(args) -> int:
    print(json.dumps(scheme_as_dict(get_scheme(args.scheme)), ensure_ascii=False, indent=2))
    return 0


def run_show(args) -> int:
    scheme = get_scheme(args.scheme)
    console = Console(highlight=False)
    console.print(f"[bold]{scheme.label}[/] {scheme.title} — {scheme.issuer}")
    console.print(f"生效日期 {scheme.effective}   hash {scheme.hash}\n")
    console.print(items_table(scheme, args.full))
    console.print(likert_table(scheme))
    console.print(clauses_table(scheme, args.full))
    console.print(maturity_table(scheme))
    console.print(management_table(scheme))
    console.print(grades_table(scheme))
    console.print(
        f"服务特性测评得分四舍五入保留 {scheme.service_score_places} 位小数，只舍入一次。"
    )
    return 0


def items_table(scheme: Scheme, full: bool) -> Table:
    table = Table(title="服务特性与评价内容（附录 1）", box=box.SIMPLE_HEAD)
    table.add_column("编号")
    table.add_column("服务特性指标")
    table.add_column("服务过程质量指标")
    table.add_column("单项分值", justify="right")
    if full:
        table.add_column("评价内容")
    for c in scheme.characteristics:
        for item in c.items:
            row = [item.id, f"{c.name}/{c.weight}分", item.aspect, str(item.weight)]
            table.add_row(*row, *([item.requirement] if full else []))
    return table


def likert_table(scheme: Scheme) -> Table:
    table = Table(title="李克特 5 点量表（§5.1.1）", box=box.SIMPLE_HEAD)
    for column in ("等级", "描述", "α 区间", "仅给等级时的 α"):
        table.add_column(column)
    for band in scheme.likert:
        opening = "[" if band.closed_below else "("
        table.add_row(
            str(band.level), band.label, f"{opening}{band.lower}, {band.upper}]", str(band.alpha)
        )
    return table


def clauses_table(scheme: Scheme, full: bool) -> Table:
    table = Table(title="管理要求与成熟度分值（附录 3）", box=box.SIMPLE_HEAD)
    table.add_column("条款")
    table.add_column("管理要求")
    table.add_column("总分值", justify="right")
    for level in scheme.maturity_levels:
        table.add_column(level.name, justify="right")
    if full:
        table.add_column("要求（附录 4）")
    for ch in scheme.chapters:
        for clause in ch.clauses:
            row = [clause.id, clause.title, str(clause.worth), *map(str, clause.points)]
            table.add_row(*row, *([clause.guidance] if full else []))
    return table


def maturity_table(scheme: Scheme) -> Table:
    wording = level_wording(scheme)
    note = wording.note(scheme)
    table = Table(
        title="成熟度等级（GB/T 19004-2011 模型，§5.2.5）",
        caption=f"* {note}" if note else None,
        box=box.SIMPLE_HEAD,
    )
    for column in ("等级", "名称", "描述"):
        table.add_column(column)
    for level in scheme.maturity_levels:
        table.add_row(level.name, wording.marked_label(level), level.description)
    return table


def management_table(scheme: Scheme) -> Table:
    table = Table(title="管理水平（附录 3 说明 3）", box=box.SIMPLE_HEAD)
    table.add_column("管理水平")
    table.add_column("总分区间")
    for band in scheme.management_levels:
        table.add_row(band.name, f"[{band.lower}, {band.upper}{']' if band.closed_above else ')'}")
    return table


def grades_table(scheme: Scheme) -> Table:
    table = Table(title="认证等级（§5.3）", box=box.SIMPLE_HEAD)
    for column in ("认证级别", "服务特性测评得分", "管理水平", "且"):
        table.add_column(column)
    for row in scheme.grades:
        level = scheme.management_levels[row.min_management_level - 1].name
        table.add_row(row.grade, f"≥ {row.min_service}", f"≥ {level}", "通过管理要求符合性审查")
    return table
