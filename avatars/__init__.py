"""Anonymous accounts and their look: nickname rules, passphrases, sessions, avatar parts."""
