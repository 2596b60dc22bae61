from django.db import migrations

# Dutch stemming on unaccented words: "café" and "cafe" (and "financiële"/"financiele") meet.
CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'loket_dutch') THEN
        CREATE TEXT SEARCH CONFIGURATION loket_dutch (COPY = pg_catalog.dutch);
        ALTER TEXT SEARCH CONFIGURATION loket_dutch
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS loket_dutch;"


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunSQL(CREATE, DROP)]
