"""Adapters for the small system ports: clock, ids, secrets, hashing, rate limits."""
