"""I/O adapters: sources (free functions) and sinks (Stream methods)."""
