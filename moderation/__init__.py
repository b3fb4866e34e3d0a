"""Moderation and safety: the audit log (append-only), the personal-information detector,
and, as issue 12 lands, reports, sanctions and screening."""
