"""The audit context on gRPC: its servicer, and the trail every call writes."""
