"""Audit context: the immutable record of every call."""
