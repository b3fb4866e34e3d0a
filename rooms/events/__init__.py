"""Exchange events (交流会): planning, registration without contact data, admission to the
live room, anonymous feedback and attendance counts. See docs/EVENTS.md."""
