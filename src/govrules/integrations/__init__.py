"""Adapters to other rule hosts. Each is optional (an extra) and imported by its own module path:
``govrules.integrations.durable`` (durable-rules)."""
