"""No code anywhere updates or deletes audit entries (the routes are tested in
tests/integration/test_audit_reader.py): a scan of every product module."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("server", "moderation", "rooms", "avatars")
WRITES = (
    re.compile(r"\b(update|delete)\(\s*AuditEntry\b"),
    re.compile(r"\b(UPDATE|DELETE\s+FROM)\s+audit_log\b", re.I),
    re.compile(r"drop_table\(\s*['\"]audit_log['\"]"),
)


def product_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:  # 0007's downgrade drops the table it created
                yield path


def test_no_module_updates_or_deletes_audit_entries():
    offenders = []
    for path in product_files():
        source = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {p.pattern}" for p in WRITES if p.search(source)]
        if "AuditEntry" in source and re.search(r"\.delete\(", source):
            offenders.append(f"{path.relative_to(ROOT)}: deletes next to AuditEntry")
    assert not offenders


def test_the_scan_would_notice_one():
    assert WRITES[0].search("await db.execute(delete(AuditEntry).where(x))")
    assert WRITES[1].search("DELETE FROM audit_log WHERE 1")
