"""Helpers shared by the test suites: databases for tests, and nothing domain-specific."""
