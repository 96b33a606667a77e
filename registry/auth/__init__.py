"""Users, roles, units, login, API tokens and the permission predicates."""
