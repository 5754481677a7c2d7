"""The shared kernel: what every bounded context needs and no context owns."""
