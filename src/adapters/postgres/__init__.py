"""PostgreSQL adapters: SQLAlchemy Core tables, engine, repositories and the unit of work."""
