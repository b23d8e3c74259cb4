"""``greencert audit verify``: walk the audit trail's hash chain.

Exit 0 with the number of entries checked and the last hash (write it down:
a later run that prints another hash for the same count means the trail was
rewritten); exit 1 with the first broken link and the entry where it breaks.
The database is the one the product uses (``DATABASE_URL``, or the data folder's SQLite).
"""

from __future__ import annotations

import sys

from greencert.cli.web_cmds import setup_django

TEXTS = {
    "zh-hans": {
        "ok": "审计记录链完整：已核对 {checked} 条记录。最后一条的哈希：{hash}",
        "broken": "审计记录链在第 {sequence} 条处断开：{reason}",
        "entry": "该处的记录：序号 {sequence}，id {id}，时间 {at}，操作 {action}，对象 {object}",
        "action": "{code}（{label}）",
        "checked": "此前 {checked} 条记录核对无误。",
        "changed": "记录的内容已被改动，与其哈希不符。",
        "gap": "第 {expected} 条记录缺失（序号跳过），它之后的记录是第 {sequence} 条。",
        "link": "它所记的前一哈希不是前一条记录的哈希：前一条记录被删除、改动或调换了位置。",
        "missing_end": "链头记到第 {head} 条，记录却只到第 {checked} 条：末尾的记录缺失。",
        "head": "链头（第 {head} 条）与最后一条记录不符：链头被改动或删除。",
    },
    "en": {
        "ok": "The audit trail's chain holds: {checked} entries checked. The last entry's hash: {hash}",
        "broken": "The audit trail's chain breaks at entry {sequence}: {reason}",
        "entry": "The entry there: sequence {sequence}, id {id}, at {at}, action {action}, object {object}",
        "action": "{code} ({label})",
        "checked": "The {checked} entries before it are intact.",
        "changed": "the entry's content was changed (it no longer gives its hash).",
        "gap": "entry {expected} is missing (the sequence skips); the entry after it is {sequence}.",
        "link": "its previous hash is not the hash of the entry before it: an entry before it "
        "was removed, changed or moved.",
        "missing_end": "the chain's head counts {head} entries, the entries stop at {checked}: "
        "the last entries are missing.",
        "head": "the chain's head (entry {head}) does not match the last entry: the head "
        "was changed or removed.",
    },
}


def register(commands) -> None:
    parser = commands.add_parser("audit", help="check the audit trail")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    verify = actions.add_parser(
        "verify",
        help="walk the audit trail's hash chain; exit 1 at the first broken link",
        description="Check every audit entry's hash and its link to the entry before it.",
    )
    verify.add_argument("--lang", choices=["zh-hans", "en"], default="zh-hans")
    verify.set_defaults(handler=run_verify)


def run_verify(args) -> int:
    setup_django()
    from greencert.web.audit.verification import verify_trail

    verdict = verify_trail()
    text = TEXTS[args.lang]
    if verdict.broken is None:
        print(text["ok"].format(checked=verdict.checked, hash=verdict.last_hash))
        return 0
    for line in broken_lines(verdict, args.lang):
        print(line, file=sys.stderr)
    return 1


def broken_lines(verdict, lang: str) -> list[str]:
    """The broken link in *lang*: where, why, the entry there, and how far the chain held."""
    from django.utils import timezone, translation

    from greencert.web.audit.display import action_label

    text, broken = TEXTS[lang], verdict.broken
    entry = broken.entry
    figures = {
        "expected": broken.expected_sequence,
        "sequence": entry.sequence if entry else broken.expected_sequence,
        "head": verdict.head_sequence,
        "checked": verdict.checked,
    }
    lines = [text["broken"].format(**figures, reason=text[broken.code].format(**figures))]
    if entry is not None:
        with translation.override(lang):
            action = text["action"].format(code=entry.action, label=action_label(entry.action))
        lines.append(
            text["entry"].format(
                sequence=entry.sequence,
                id=entry.pk,
                at=timezone.localtime(entry.at).isoformat(timespec="seconds"),
                action=action,
                object=f"{entry.object_type} {entry.object_id} “{entry.object_repr}”",
            )
        )
    lines.append(text["checked"].format(checked=verdict.checked))
    return lines
