"""One module per ``hiresim`` command; each exposes ``register(subparsers)``."""
