"""The gRPC entrypoint: servicers, interceptors and the server."""
