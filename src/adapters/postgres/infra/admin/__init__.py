"""Database administration for `strata db init` / `db reset`: plain asyncpg, no ORM."""
