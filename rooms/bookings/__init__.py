"""One-to-one consultations: availability that specialists publish, and bookings people make.

``availability`` is pure (rules + existing bookings -> free slots); ``schedule`` and
``booking`` are the database-facing services; ``policy`` holds who may do what.
"""
