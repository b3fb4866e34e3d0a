"""Information boards: support information anyone can read, written by staff.

Posts are written in a safe Markdown subset (``markdown``), may carry images that went
through a strict Pillow pipeline (``images``), are found by substring search that works
for Japanese (``search``), and are read in the space, on plain /boards pages and by API.
"""
