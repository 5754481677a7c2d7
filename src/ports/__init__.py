"""Ports: the interfaces the domain needs from the outside world."""
