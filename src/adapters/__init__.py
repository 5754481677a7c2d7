"""Adapters: implementations of the ports (memory, postgres, clickhouse, system)."""
