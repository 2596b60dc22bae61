from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_life_event_label"), ("cases", "0004_zgw_zaken"), ("contacts", "0004_contact_moment_indexes")]
    operations = []
