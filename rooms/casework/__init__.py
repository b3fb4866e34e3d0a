"""Casework: letters between a person and their specialists, and the case record (支援カルテ).

Both last for years, so both need kept accounts. Authorization lives in ``policy`` (pure);
``letters``, ``cases`` and ``my_record`` are the use cases; ``trail`` is the access log.
"""
