"""Gunicorn's settings: `gunicorn -c python:registry.infra.gunicorn_conf wsgi:app` (the top level of the project holds
only what the layout names, so this file is named on the command line)."""

# The app refuses URLs over 8,000 characters itself, with 414 as problem+json under /api/
# (registry/web/request_checks.py). Gunicorn's own limit on the request line must lie above that, or gunicorn
# answers first with its HTML page, and below it its default (4,094) would refuse verify codes the API reads
# (up to 4,400 characters). 8,190 is the most gunicorn allows; longer lines still get gunicorn's own 414.
limit_request_line = 8190
