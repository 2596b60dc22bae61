# ZGW Zaken API fields (zgw-zaken); hand-filled from makemigrations output.

import django.contrib.postgres.fields
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_zgw_documenten'),
        ('contacts', '0001_initial'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='KlantContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('identificatie', models.CharField(max_length=14, verbose_name='identificatie')),
                ('datumtijd', models.DateTimeField(verbose_name='datum en tijd')),
                ('kanaal', models.CharField(blank=True, max_length=20, verbose_name='kanaal')),
                ('onderwerp', models.CharField(blank=True, max_length=200, verbose_name='onderwerp')),
                ('toelichting', models.CharField(blank=True, max_length=1000, verbose_name='toelichting')),
            ],
            options={
                'verbose_name': 'klantcontact (KlantContact)',
                'verbose_name_plural': 'klantcontacten',
                'ordering': ['zaak_id', 'datumtijd'],
            },
        ),
        migrations.CreateModel(
            name='ZaakContactMoment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('contactmoment', models.URLField(max_length=1000, verbose_name='contactmoment')),
            ],
            options={
                'verbose_name': 'contactmoment van zaak (ZaakContactMoment)',
                'verbose_name_plural': 'contactmomenten van zaken',
                'ordering': ['zaak_id', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ZaakVerzoek',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('verzoek', models.URLField(max_length=1000, verbose_name='verzoek')),
            ],
            options={
                'verbose_name': 'verzoek van zaak (ZaakVerzoek)',
                'verbose_name_plural': 'verzoeken van zaken',
                'ordering': ['zaak_id', 'pk'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='rol',
            name='rol_exactly_one_betrokkene',
        ),
        migrations.AddField(
            model_name='rol',
            name='afwijkende_naam_betrokkene',
            field=models.CharField(blank=True, db_default='', max_length=625, verbose_name='afwijkende naam betrokkene'),
        ),
        migrations.AddField(
            model_name='rol',
            name='betrokkene_identificatie',
            field=models.JSONField(blank=True, db_default=models.Value({}, output_field=models.JSONField()), default=dict, verbose_name='betrokkene-identificatie'),
        ),
        migrations.AddField(
            model_name='rol',
            name='betrokkene_url',
            field=models.URLField(blank=True, db_default='', max_length=1000, verbose_name='betrokkene (URL)'),
        ),
        migrations.AddField(
            model_name='rol',
            name='contactpersoon_rol',
            field=models.JSONField(blank=True, null=True, verbose_name='contactpersoon'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='betalingsindicatie',
            field=models.CharField(blank=True, db_default='', max_length=12, verbose_name='betalingsindicatie'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='communicatiekanaal_naam',
            field=models.CharField(blank=True, db_default='', max_length=250, verbose_name='naam kanaal'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='geometrie_max_lat',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='zaak',
            name='geometrie_max_lon',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='zaak',
            name='geometrie_min_lat',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='zaak',
            name='geometrie_min_lon',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='zaak',
            name='kenmerken',
            field=models.JSONField(blank=True, db_default=models.Value([], output_field=models.JSONField()), default=list, verbose_name='kenmerken'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='laatste_betaaldatum',
            field=models.DateTimeField(blank=True, null=True, verbose_name='laatste betaaldatum'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='opdrachtgevende_organisatie',
            field=models.CharField(blank=True, db_default='', max_length=9, verbose_name='opdrachtgevende organisatie'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='processobject',
            field=models.JSONField(blank=True, null=True, verbose_name='processobject'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='processobjectaard',
            field=models.CharField(blank=True, db_default='', max_length=200, verbose_name='processobjectaard'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='producten_of_diensten',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.URLField(max_length=1000), blank=True, db_default=models.Value([], output_field=django.contrib.postgres.fields.ArrayField(base_field=models.URLField(max_length=1000), size=None)), default=list, size=None, verbose_name='producten of diensten'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='selectielijstklasse',
            field=models.URLField(blank=True, db_default='', max_length=1000, verbose_name='selectielijstklasse'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='verantwoordelijke_organisatie',
            field=models.CharField(blank=True, db_default='', max_length=9, verbose_name='verantwoordelijke organisatie (RSIN)'),
        ),
        migrations.AddField(
            model_name='zaak',
            name='zaakgeometrie',
            field=models.JSONField(blank=True, null=True, verbose_name='zaakgeometrie (GeoJSON)'),
        ),
        migrations.AddField(
            model_name='zaakinformatieobject',
            name='status',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='zaakinformatieobjecten', to='cases.status'),
        ),
        migrations.AddField(
            model_name='zaakinformatieobject',
            name='vernietigingsdatum',
            field=models.DateTimeField(blank=True, null=True, verbose_name='vernietigingsdatum'),
        ),
        migrations.AddField(
            model_name='zaakobject',
            name='object_type_overige',
            field=models.CharField(blank=True, db_default='', max_length=100, verbose_name='objecttype overige'),
        ),
        migrations.AddField(
            model_name='zaakobject',
            name='object_type_overige_definitie',
            field=models.JSONField(blank=True, null=True, verbose_name='definitie objecttype overige'),
        ),
        migrations.AddField(
            model_name='zaakobject',
            name='zaakobjecttype',
            field=models.URLField(blank=True, db_default='', max_length=1000, verbose_name='zaakobjecttype'),
        ),
        migrations.AlterField(
            model_name='zaak',
            name='communicatiekanaal',
            field=models.CharField(blank=True, max_length=1000, verbose_name='kanaal'),
        ),
        migrations.AddIndex(
            model_name='zaak',
            index=models.Index(fields=['zaaktype', '-id'], name='zaak_type_id_idx'),
        ),
        migrations.AddIndex(
            model_name='zaak',
            index=models.Index(fields=['bronorganisatie', 'identificatie'], name='zaak_bron_identificatie_idx'),
        ),
        migrations.AddIndex(
            model_name='zaak',
            index=models.Index(condition=models.Q(('geometrie_min_lon__isnull', False)), fields=['geometrie_min_lon', 'geometrie_min_lat'], name='zaak_geometrie_idx'),
        ),
        migrations.AddConstraint(
            model_name='rol',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('department__isnull', True), ('partner__isnull', True), ('party__isnull', True), ('user__isnull', True)), models.Q(('department__isnull', True), ('partner__isnull', True), ('party__isnull', False), ('user__isnull', True)), models.Q(('department__isnull', True), ('partner__isnull', True), ('party__isnull', True), ('user__isnull', False)), models.Q(('department__isnull', False), ('partner__isnull', True), ('party__isnull', True), ('user__isnull', True)), models.Q(('department__isnull', True), ('partner__isnull', False), ('party__isnull', True), ('user__isnull', True)), _connector='OR'), name='rol_one_betrokkene'),
        ),
        migrations.AddField(
            model_name='klantcontact',
            name='zaak',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='klantcontacten', to='cases.zaak'),
        ),
        migrations.AddField(
            model_name='zaakcontactmoment',
            name='zaak',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='zaakcontactmomenten', to='cases.zaak'),
        ),
        migrations.AddField(
            model_name='zaakverzoek',
            name='zaak',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='zaakverzoeken', to='cases.zaak'),
        ),
    ]
