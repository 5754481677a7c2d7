"""The identity context on gRPC: its servicer and message conversion."""
