import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_contact_moment_indexes"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='LoginEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('login', 'Aangemeld'), ('refused', 'Aanmelding geweigerd'), ('logout', 'Afgemeld'), ('expired', 'Sessie verlopen'), ('act_for', 'Handelt namens')], max_length=10, verbose_name='soort')),
                ('acting_person', models.CharField(blank=True, max_length=200, verbose_name='handelende persoon')),
                ('provider', models.CharField(blank=True, max_length=50, verbose_name='aanmeldmiddel')),
                ('assurance', models.CharField(blank=True, max_length=20, verbose_name='betrouwbaarheidsniveau')),
                ('party_created', models.BooleanField(default=False, verbose_name='klant aangemaakt')),
                ('detail', models.CharField(blank=True, max_length=500, verbose_name='toelichting')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('acting_for', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contacts.party', verbose_name='namens')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='organisations.organisation', verbose_name='organisatie')),
                ('party', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contacts.party', verbose_name='klant')),
            ],
            options={
                'verbose_name': 'aanmeldgebeurtenis',
                'verbose_name_plural': 'aanmeldgebeurtenissen',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['party', '-created_at'], name='portal_login_party_idx')],
            },
        ),
        migrations.CreateModel(
            name='PortalIdentity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('provider', models.CharField(max_length=50, verbose_name='aanmeldmiddel')),
                ('subject', models.CharField(max_length=255, verbose_name='kenmerk bij de aanbieder')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_login_at', models.DateTimeField(blank=True, null=True, verbose_name='laatst aangemeld')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='organisations.organisation', verbose_name='organisatie')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='portal_identities', to='contacts.party', verbose_name='klant')),
            ],
            options={
                'verbose_name': 'aanmeldidentiteit',
                'verbose_name_plural': 'aanmeldidentiteiten',
                'constraints': [models.UniqueConstraint(fields=('organisation', 'provider', 'subject'), name='portal_identity_unique_subject')],
            },
        ),
    ]
