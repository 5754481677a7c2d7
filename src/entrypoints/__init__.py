"""Entrypoints: the CLI, the gRPC server, settings and the DI container (the composition root)."""
