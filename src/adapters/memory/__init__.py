"""In-memory adapters: the whole service without a database, and fakes for tests."""
