"""Blueprints, one per feature. Views parse input, call a service and render; nothing more."""
