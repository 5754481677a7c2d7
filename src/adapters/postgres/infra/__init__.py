"""PostgreSQL infrastructure: engine, pools, sessions, roles, migrations, observation, health."""
