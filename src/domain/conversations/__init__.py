"""Conversations: threads and the ordered messages written to them."""
