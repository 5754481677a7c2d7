"""Generated; rebuild with scripts/gen_protos.py"""
