from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_identity"), ("cases", "0004_zgw_zaken")]
    operations = []
