"""ClickHouse, in process (chDB) or a server (clickhouse-connect): one async client, the
versioned schema, and the analytics store on them."""
