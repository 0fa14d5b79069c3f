"""Pure domain code: no Flask, no database. Typed and unit-tested on its own."""
