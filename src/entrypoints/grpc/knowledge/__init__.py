"""The knowledge context on gRPC: its servicer and message conversion."""
