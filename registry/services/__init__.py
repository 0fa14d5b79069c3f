"""Business rules. Services take a session, flush and never commit; the request or CLI command commits once."""
