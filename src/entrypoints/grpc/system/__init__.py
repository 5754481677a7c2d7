"""The system context on gRPC: its servicer and message conversion."""
