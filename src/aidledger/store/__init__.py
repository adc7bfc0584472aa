"""The only code that touches files and git: find the root, load, and write atomically."""
