# Reserved for the ZGW API work; filled by hand (operations only for this API's fields).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_zgw_catalogi")]

    operations = []
