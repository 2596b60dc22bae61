"""State of the resident portal ("Mijn loket")."""
