"""Moderation and safety: the audit log (append-only), the screening engine (``screen/``:
personal information, crisis phrases, word lists; ``personal_info`` is its thin use for
contact details), and, as issue 12 lands, reports and sanctions."""
