"""Live consultation sessions: the waiting room, the knock, the private room (in memory)."""
