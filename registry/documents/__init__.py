"""Documents, their versions and attachments; rendering and diffs."""
