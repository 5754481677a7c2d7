"""The content context: items, and the groups of use cases built on them."""
