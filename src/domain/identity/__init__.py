"""Identity context: users, workspaces, memberships and API keys."""
