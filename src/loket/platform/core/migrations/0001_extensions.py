from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm (fuzzy search) and unaccent (search without accents) for every app's search."""

    initial = True
    dependencies = []
    operations = [TrigramExtension(), UnaccentExtension()]
