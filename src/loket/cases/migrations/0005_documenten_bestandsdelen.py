import django.db.models.deletion
import loket.cases.models
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_zgw_zaken")]

    operations = [
        migrations.CreateModel(
            name='BestandsDeel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('volgnummer', models.PositiveIntegerField(verbose_name='volgnummer')),
                ('omvang', models.PositiveBigIntegerField(verbose_name='omvang (bytes)')),
                ('inhoud', models.FileField(blank=True, max_length=500, storage=loket.cases.models.documents_storage, upload_to=loket.cases.models.bestandsdeel_upload_to, verbose_name='inhoud')),
                ('voltooid', models.BooleanField(default=False, verbose_name='voltooid')),
                ('informatieobject', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bestandsdelen', to='cases.enkelvoudiginformatieobject')),
            ],
            options={
                'verbose_name': 'bestandsdeel',
                'verbose_name_plural': 'bestandsdelen',
                'ordering': ['informatieobject_id', 'volgnummer'],
                'constraints': [models.UniqueConstraint(fields=('informatieobject', 'volgnummer'), name='bestandsdeel_unique')],
            },
        ),
        migrations.CreateModel(
            name='Verzending',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('betrokkene', models.URLField(verbose_name='betrokkene')),
                ('aard_relatie', models.CharField(choices=[('afzender', 'afzender'), ('geadresseerde', 'geadresseerde')], max_length=20, verbose_name='aard relatie')),
                ('toelichting', models.CharField(blank=True, max_length=200, verbose_name='toelichting')),
                ('ontvangstdatum', models.DateField(blank=True, null=True, verbose_name='ontvangstdatum')),
                ('verzenddatum', models.DateField(blank=True, null=True, verbose_name='verzenddatum')),
                ('contact_persoon', models.URLField(max_length=1000, verbose_name='contactpersoon')),
                ('contactpersoonnaam', models.CharField(blank=True, max_length=40, verbose_name='naam contactpersoon')),
                ('binnenlands_correspondentieadres', models.JSONField(blank=True, null=True, verbose_name='binnenlands correspondentieadres')),
                ('buitenlands_correspondentieadres', models.JSONField(blank=True, null=True, verbose_name='buitenlands correspondentieadres')),
                ('correspondentie_postadres', models.JSONField(blank=True, null=True, verbose_name='correspondentiepostadres')),
                ('faxnummer', models.CharField(blank=True, max_length=15, verbose_name='faxnummer')),
                ('emailadres', models.CharField(blank=True, max_length=100, verbose_name='e-mailadres')),
                ('mijn_overheid', models.BooleanField(default=False, verbose_name='via MijnOverheid')),
                ('telefoonnummer', models.CharField(blank=True, max_length=15, verbose_name='telefoonnummer')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('informatieobject', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='verzendingen', to='cases.enkelvoudiginformatieobject')),
            ],
            options={
                'verbose_name': 'verzending',
                'verbose_name_plural': 'verzendingen',
                'ordering': ['pk'],
                'indexes': [models.Index(fields=['informatieobject', 'aard_relatie'], name='verzending_io_idx')],
            },
        ),
        migrations.CreateModel(
            name='ExternalObjectRelation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('object_url', models.URLField(max_length=1000, verbose_name='object')),
                ('object_type', models.CharField(choices=[('zaak', 'zaak'), ('besluit', 'besluit'), ('verzoek', 'verzoek')], max_length=10, verbose_name='objecttype')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('informatieobject', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='external_relations', to='cases.enkelvoudiginformatieobject')),
            ],
            options={
                'verbose_name': 'relatie met extern object',
                'verbose_name_plural': 'relaties met externe objecten',
                'ordering': ['pk'],
                'constraints': [models.UniqueConstraint(fields=('informatieobject', 'object_url'), name='external_oio_unique')],
            },
        ),
    ]
