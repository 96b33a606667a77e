"""Administration: users, units, document types, tokens, health, backup and restore."""
