import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_extensions_and_dutch_text_search_are_available():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT unaccent('Één café'), similarity('paspoort', 'pasport') > 0.3, lower('ÉÉN')")
        unaccented, similar, lowered = cursor.fetchone()
        cursor.execute("SELECT to_tsvector('dutch', 'verhuizingen') @@ to_tsquery('dutch', 'verhuizing')")
        stemmed = cursor.fetchone()[0]
    assert unaccented == "Een cafe"
    assert similar is True
    assert lowered == "één"
    assert stemmed is True
