from django.db import migrations


class Migration(migrations.Migration):
    """A covering partial index for the public map: open, not merged meldingen with everything the map shows, so the
    whole city is an index-only scan instead of one random heap page per open melding."""

    dependencies = [("meldingen", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX melding_open_map ON meldingen_melding (organisation_id) "
            "INCLUDE (id, latitude, longitude, category_id, main_category_id, state, created_at) "
            "WHERE is_open AND merged_into_id IS NULL;",
            "DROP INDEX IF EXISTS melding_open_map;",
        ),
    ]
