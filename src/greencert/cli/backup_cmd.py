"""``greencert backup --out FILE`` and ``greencert restore FILE``.

The database is the one the product uses (``DATABASE_URL``, or the data
folder's SQLite) and the files are those of its storage (the data folder's
``media``).  A backup runs while the server serves.  A restore goes only
into an empty database and storage; it prints, like ``greencert audit
verify``, whether the restored audit trail's chain holds.  Exit codes: 0 done,
1 restored but the audit chain does not hold (as in the archive), 2 refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

from greencert.cli.audit_cmd import TEXTS as AUDIT_TEXTS
from greencert.cli.audit_cmd import broken_lines
from greencert.cli.web_cmds import setup_django

TEXTS = {
    "zh-hans": {
        "written": "备份已写入 {path}：{tables} 张表共 {rows} 行，{files} 个文件，"
        "审计记录链至第 {sequence} 条，其哈希：{hash}",
        "file_missing": "注意：记录中的文件 {name} 在存储中找不到，备份中没有它。",
        "restored": "已从 {path} 恢复（{created_at} 备份于 {engine}）：{tables} 张表共 {rows} 行，"
        "{files} 个文件。",
        "archive.missing": "找不到备份文件 {path}。",
        "archive.not_an_archive": "{path} 不是 GreenCert 备份（没有可读的 manifest.json）。",
        "archive.format_version": "备份格式第 {found} 版，本版本只能读取第 {known} 版。",
        "archive.schema": "备份取自 GreenCert {version}，其数据库结构（迁移）与本版本不同"
        "（只在备份中：{only_archive}；只在本版本中：{only_here}）。请用 GreenCert {version} "
        "恢复，再升级。",
        "archive.table_unknown": "备份中的表 {table} 与本版本的数据库结构不符。",
        "part.missing": "备份不完整：缺少部分 {part}。",
        "part.damaged": "备份已损坏：部分 {part} 与其 SHA-256 校验值不符。",
        "part.rows": "部分 {part} 应有 {expected} 行，载入后为 {found} 行。",
        "part.refused": "数据库拒绝载入部分 {part}：{error}",
        "rows.refused": "数据库拒绝了备份中的数据，未保留任何数据或文件：{error}",
        "target.table_not_empty": "目标数据库不是空的：表 {table} 中已有数据。"
        "请恢复到新的空数据库（DATABASE_URL）或空的数据文件夹；未作任何改动。",
        "target.files_not_empty": "目标文件存储不是空的：已有文件 {name}。未作任何改动。",
        "chain.head": "备份中的审计记录链头（第 {sequence} 条）不是其最后一条记录：{error}",
        "file.renamed": "文件 {name} 被存储改名为 {saved}。",
        "database.engine": "不支持数据库 {engine}（只支持 SQLite 与 PostgreSQL）。",
        "database.not_migrated": "数据库尚未升级到本版本（未执行的迁移：{pending}）。"
        "请先运行 greencert manage migrate。",
        "output": "无法写入 {path}：{error}",
    },
    "en": {
        "written": "Backup written to {path}: {rows} rows in {tables} tables, {files} files, "
        "the audit chain up to entry {sequence}, whose hash is {hash}",
        "file_missing": "Note: the file {name} named by a record is missing from the storage; "
        "the backup does not hold it.",
        "restored": "Restored from {path} (taken {created_at} on {engine}): {rows} rows in "
        "{tables} tables, {files} files.",
        "archive.missing": "There is no backup file at {path}.",
        "archive.not_an_archive": "{path} is not a GreenCert backup (no readable manifest.json).",
        "archive.format_version": "The backup's format is version {found}; this GreenCert reads "
        "version {known}.",
        "archive.schema": "The backup was taken by GreenCert {version}, whose database "
        "migrations differ from this version's (only in the backup: {only_archive}; only "
        "here: {only_here}). Restore it with GreenCert {version}, then upgrade.",
        "archive.table_unknown": "The backup's table {table} does not match this version's "
        "database.",
        "part.missing": "The backup is incomplete: the part {part} is missing.",
        "part.damaged": "The backup is damaged: the part {part} does not give its SHA-256.",
        "part.rows": "The part {part} should give {expected} rows; {found} were loaded.",
        "part.refused": "The database refused the part {part}: {error}",
        "rows.refused": "The database refused the backup's rows; no row and no file was kept: "
        "{error}",
        "target.table_not_empty": "The target database is not empty: the table {table} holds "
        "rows. Restore into a new, empty database (DATABASE_URL) or an empty data folder; "
        "nothing was changed.",
        "target.files_not_empty": "The target file storage is not empty: it holds {name}. "
        "Nothing was changed.",
        "chain.head": "The backup's audit chain head (entry {sequence}) is not its last entry: "
        "{error}",
        "file.renamed": "The storage renamed the file {name} to {saved}.",
        "database.engine": "The database {engine} is not supported (SQLite and PostgreSQL are).",
        "database.not_migrated": "The database is not at this version (migrations not applied: "
        "{pending}). Run greencert manage migrate first.",
        "output": "Cannot write {path}: {error}",
    },
}


def register(commands) -> None:
    backup = commands.add_parser(
        "backup",
        help="write the database and files to one archive (while the server serves)",
        description="A consistent snapshot of every table, the stored files and a manifest "
        "with row counts and SHA-256 of every part, in one ZIP file.",
    )
    backup.add_argument("--out", required=True, type=Path, help="the archive to write")
    backup.add_argument("--lang", choices=["zh-hans", "en"], default="zh-hans")
    backup.set_defaults(handler=run_backup)
    restore = commands.add_parser(
        "restore",
        help="restore an archive into an empty database and data folder",
        description="Refuses a damaged archive, another version's, and a non-empty target.",
    )
    restore.add_argument("archive", type=Path)
    restore.add_argument("--lang", choices=["zh-hans", "en"], default="zh-hans")
    restore.set_defaults(handler=run_restore)


def run_backup(args) -> int:
    setup_django()
    from greencert.web.backup.archive import BackupError
    from greencert.web.backup.dump import write_backup

    text = TEXTS[args.lang]
    try:
        manifest = write_backup(args.out)
    except BackupError as exc:
        return refused(text, exc.code, exc.params)
    except OSError as exc:
        return refused(text, "output", {"path": args.out, "error": exc.strerror or exc})
    for name in manifest["missing_files"]:
        print(text["file_missing"].format(name=name), file=sys.stderr)
    print(text["written"].format(path=args.out, **figures(manifest)))
    return 0


def run_restore(args) -> int:
    setup_django()
    from greencert.web.audit.verification import verify_trail
    from greencert.web.backup.archive import BackupError
    from greencert.web.backup.restore import restore

    text = TEXTS[args.lang]
    try:
        manifest = restore(args.archive)
    except BackupError as exc:
        return refused(text, exc.code, exc.params)
    print(
        text["restored"].format(
            path=args.archive,
            created_at=manifest["created_at"][:19].replace("T", " ") + " UTC",
            engine=manifest["engine"],
            **figures(manifest),
        )
    )
    verdict = verify_trail()
    if verdict.broken is None:
        print(AUDIT_TEXTS[args.lang]["ok"].format(checked=verdict.checked, hash=verdict.last_hash))
        return 0
    for line in broken_lines(verdict, args.lang):
        print(line, file=sys.stderr)
    return 1


def figures(manifest: dict) -> dict:
    return {
        "tables": len(manifest["tables"]),
        "rows": sum(t["rows"] for t in manifest["tables"]),
        "files": len(manifest["files"]),
        "sequence": manifest["audit_chain"]["sequence"],
        "hash": manifest["audit_chain"]["hash"],
    }


def refused(text: dict, code: str, params: dict) -> int:
    print(text[code].format(**params), file=sys.stderr)
    return 2
