"""Strata's domain: entities, rules and use cases, free of frameworks."""
