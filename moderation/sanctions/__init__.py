"""Sanctions as a ladder (issue 12, item 3): the kinds and what each takes away (ladder),
one pure policy every transport asks (policy), the tables (models), giving, confirming and
lifting (service), appeals (appeals) and the new-account warm-up (warmup)."""
