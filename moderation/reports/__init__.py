"""Reports: a person tells the moderators about someone or something, the server seals the
context, moderators claim and close, and the reporter sees the outcome class (never details)."""
