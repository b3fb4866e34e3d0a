"""The first-step funnel: daily counts of how many accounts took each step, never who.

``steps.py`` names the steps and the account kinds; ``recorder.py`` counts (an in-memory
set of today's counted accounts keeps one account to one count per step and day);
``aggregate.py`` turns the short-lived per-account first-step dates into day histograms
and deletes them. docs/REPORTS.md and docs/PRIVACY.md describe what is kept and for how long.
"""
