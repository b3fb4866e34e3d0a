"""The municipal report: numbers for a date range, each small count suppressed.

``period.py`` parses and widens the range (fiscal year by default, whole months);
``sections.py`` builds the raw numbers, one builder per section (the list ``SECTIONS`` is
where another section is added); ``suppression.py`` is the one rule that turns 1-4 into
"fewer than 5"; ``summary.py`` joins them; ``csv_export.py`` writes the same answer as CSV.
"""
