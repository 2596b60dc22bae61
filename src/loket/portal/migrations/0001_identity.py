from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contacts", "0004_contact_moment_indexes")]
    operations = []
