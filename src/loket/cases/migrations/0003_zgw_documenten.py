# Reserved for the ZGW API work; filled by hand (operations only for this API's fields): Documenten API 1.4.2.
import uuid

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_zgw_catalogi")]

    operations = [
        migrations.AddField(
            model_name='documentversion',
            name='integriteit',
            field=models.JSONField(blank=True, help_text='ZGW: {algoritme, waarde, datum}.', null=True, verbose_name='integriteit'),
        ),
        migrations.AddField(
            model_name='documentversion',
            name='link',
            field=models.URLField(blank=True, verbose_name='link'),
        ),
        migrations.AddField(
            model_name='documentversion',
            name='ondertekening',
            field=models.JSONField(blank=True, help_text='ZGW: {soort, datum}.', null=True, verbose_name='ondertekening'),
        ),
        migrations.AddField(
            model_name='documentversion',
            name='ontvangstdatum',
            field=models.DateField(blank=True, null=True, verbose_name='ontvangstdatum'),
        ),
        migrations.AddField(
            model_name='documentversion',
            name='trefwoorden',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=100), blank=True, default=list, size=None, verbose_name='trefwoorden'),
        ),
        migrations.AddField(
            model_name='documentversion',
            name='verschijningsvorm',
            field=models.TextField(blank=True, verbose_name='verschijningsvorm'),
        ),
        migrations.AddField(
            model_name='documentversion',
            name='verzenddatum',
            field=models.DateField(blank=True, null=True, verbose_name='verzenddatum'),
        ),
        migrations.AddField(
            model_name='enkelvoudiginformatieobject',
            name='indicatie_gebruiksrecht',
            field=models.BooleanField(blank=True, help_text='ZGW: waar zodra er gebruiksrechten zijn vastgelegd; leeg als dat nog niet bekend is.', null=True, verbose_name='indicatie gebruiksrecht'),
        ),
        migrations.CreateModel(
            name='Gebruiksrechten',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('startdatum', models.DateTimeField(verbose_name='startdatum')),
                ('einddatum', models.DateTimeField(blank=True, null=True, verbose_name='einddatum')),
                ('omschrijving_voorwaarden', models.TextField(verbose_name='omschrijving voorwaarden')),
                ('informatieobject', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='gebruiksrechten', to='cases.enkelvoudiginformatieobject')),
            ],
            options={
                'verbose_name': 'gebruiksrecht (Gebruiksrechten)',
                'verbose_name_plural': 'gebruiksrechten',
                'ordering': ['informatieobject_id', 'startdatum', 'pk'],
            },
        ),
    ]
