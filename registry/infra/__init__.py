"""Infrastructure: what the app runs on, and the app-level values services are handed.

Belongs here what reads the Flask app's configuration or extensions (or sets up the database and rate-limit
storage) and is not about HTTP: the keys derived from the master secret, the evidence storage, today's date in the
registry's timezone, the verify API's autocommit connections, SQLite's tuning, the rate limiter's storage.
Views and CLI commands both use it; services never do (they are handed the values), and it never imports
``registry.web``. This ``__init__`` imports nothing, so that ``registry.extensions`` can register the rate-limit
storage without pulling in the services.
"""
