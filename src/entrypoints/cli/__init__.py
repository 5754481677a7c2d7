"""The `strata` command: serve, database administration, operator tasks.

    strata serve [--seed]
    strata db init [--superuser-url URL] | upgrade [REV] | downgrade REV | current
              | history | stamp REV | seed [--demo [--items N]] | load DIR | reset
    strata admin create-superuser --email E [--password P] [--name N]
    strata audit verify | checkpoint | purge --before YYYY-MM-DD

With no database configured every command uses the embedded PostgreSQL under
STRATA_DATA_DIR. Results go to stdout, logs to stderr. Exit codes: 0 done,
1 failed (database unreachable, migration error, ...), 2 bad usage, bad
settings or refused (e.g. `db reset` on demo).

One module per command group: `serve`, `db` (with `db_init` and `seed`), `users`
(`admin create-superuser`) and `audit`; `main` parses and dispatches.
"""

from entrypoints.cli.main import build_parser, main, run

__all__ = ["build_parser", "main", "run"]
