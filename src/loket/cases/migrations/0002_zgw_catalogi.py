# ZGW Catalogi API fields (zgw-catalogi); hand-filled from makemigrations output.

import django.contrib.postgres.fields
import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='catalogus',
            name='contactpersoon_beheer_telefoonnummer',
            field=models.CharField(blank=True, max_length=20, verbose_name='telefoon contactpersoon beheer'),
        ),
        migrations.AddField(
            model_name='eigenschap',
            name='groep',
            field=models.CharField(blank=True, max_length=32, verbose_name='groep'),
        ),
        migrations.AddField(
            model_name='eigenschap',
            name='statustype',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='eigenschappen', to='cases.statustype', verbose_name='verplicht vanaf status'),
        ),
        migrations.AddField(
            model_name='informatieobjecttype',
            name='omschrijving_generiek',
            field=models.JSONField(blank=True, default=dict, help_text='ZGW omschrijvingGeneriek: informatieobjecttypeOmschrijvingGeneriek, definitie..., herkomst..., hierarchie..., opmerking...', verbose_name='generieke omschrijving'),
        ),
        migrations.AddField(
            model_name='informatieobjecttype',
            name='trefwoord',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=30), blank=True, default=list, size=None, verbose_name='trefwoorden'),
        ),
        migrations.AddField(
            model_name='resultaattype',
            name='besluittypen',
            field=models.ManyToManyField(blank=True, related_name='resultaattypen', to='cases.besluittype', verbose_name='besluittypes'),
        ),
        migrations.AddField(
            model_name='resultaattype',
            name='indicatie_specifiek',
            field=models.BooleanField(blank=True, null=True, verbose_name='specifiek voor de procesobjectaard'),
        ),
        migrations.AddField(
            model_name='resultaattype',
            name='informatieobjecttypen',
            field=models.ManyToManyField(blank=True, related_name='resultaattypen', to='cases.informatieobjecttype', verbose_name='verplichte documenttypes'),
        ),
        migrations.AddField(
            model_name='resultaattype',
            name='procesobjectaard',
            field=models.CharField(blank=True, max_length=200, verbose_name='procesobjectaard'),
        ),
        migrations.AddField(
            model_name='resultaattype',
            name='selectielijst_procestermijn',
            field=models.CharField(blank=True, help_text='ISO 8601-duur dat het dossier na afronding actief gebruikt wordt.', max_length=20, verbose_name='procestermijn (selectielijst)'),
        ),
        migrations.AddField(
            model_name='statustype',
            name='checklistitems',
            field=models.JSONField(blank=True, default=list, help_text='ZGW checklistitemStatustype: itemnaam, vraagstelling, verplicht, toelichting.', verbose_name='checklist'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='broncatalogus_domein',
            field=models.CharField(blank=True, max_length=5, verbose_name='domein broncatalogus'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='broncatalogus_rsin',
            field=models.CharField(blank=True, max_length=9, verbose_name='RSIN broncatalogus'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='broncatalogus_url',
            field=models.URLField(blank=True, verbose_name='broncatalogus'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='bronzaaktype_identificatie',
            field=models.CharField(blank=True, max_length=50, verbose_name='identificatie bronzaaktype'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='bronzaaktype_omschrijving',
            field=models.CharField(blank=True, max_length=80, verbose_name='omschrijving bronzaaktype'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='bronzaaktype_url',
            field=models.URLField(blank=True, verbose_name='bronzaaktype'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='producten_of_diensten_extern',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.URLField(max_length=1000), blank=True, default=list, help_text="URL's van producten uit een externe productencatalogus (naast de gekoppelde producten).", size=None, verbose_name='externe producten en diensten'),
        ),
        migrations.AddField(
            model_name='zaaktype',
            name='referentieproces_link',
            field=models.URLField(blank=True, verbose_name='link referentieproces'),
        ),
        migrations.CreateModel(
            name='ZaakObjectType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('ander_objecttype', models.BooleanField(default=False, verbose_name='ander objecttype')),
                ('objecttype', models.URLField(verbose_name='objecttype')),
                ('relatie_omschrijving', models.CharField(max_length=80, verbose_name='relatieomschrijving')),
                ('begin_geldigheid', models.DateField(verbose_name='begin geldigheid')),
                ('einde_geldigheid', models.DateField(blank=True, null=True, verbose_name='einde geldigheid')),
                ('zaaktype', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='zaakobjecttypen', to='cases.zaaktype')),
            ],
            options={
                'verbose_name': 'zaakobjecttype (ZaakObjectType)',
                'verbose_name_plural': 'zaakobjecttypes',
                'ordering': ['zaaktype_id', 'relatie_omschrijving'],
            },
        ),
        migrations.AddField(
            model_name='resultaattype',
            name='zaakobjecttype',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='resultaattypen', to='cases.zaakobjecttype', verbose_name='zaakobjecttype'),
        ),
        migrations.AddField(
            model_name='statustype',
            name='zaakobjecttype',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='statustypen', to='cases.zaakobjecttype', verbose_name='zaakobjecttype'),
        ),
        migrations.CreateModel(
            name='ZaakTypenRelatie',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('gerelateerd_zaaktype', models.URLField(verbose_name='gerelateerd zaaktype')),
                ('aard_relatie', models.CharField(choices=[('vervolg', 'Vervolg'), ('onderwerp', 'Onderwerp'), ('bijdrage', 'Bijdrage')], max_length=20, verbose_name='aard relatie')),
                ('toelichting', models.CharField(blank=True, max_length=255, verbose_name='toelichting')),
                ('zaaktype', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='gerelateerde_zaaktypen', to='cases.zaaktype')),
            ],
            options={
                'verbose_name': 'gerelateerd zaaktype (ZaakTypenRelatie)',
                'verbose_name_plural': 'gerelateerde zaaktypes',
                'ordering': ['zaaktype_id', 'id'],
            },
        ),
    ]
