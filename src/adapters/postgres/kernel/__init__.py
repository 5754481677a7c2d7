"""What every context\x27s PostgreSQL adapter shares: the MetaData and the idempotency keys."""
