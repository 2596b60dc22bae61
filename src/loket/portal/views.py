"""Web views (thin: the rules live in services)."""
