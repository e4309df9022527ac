"""Reporters: each reads a finished result and writes one format; none recomputes anything."""
