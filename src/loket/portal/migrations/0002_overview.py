from django.conf import settings
import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_identity"),
        ("cases", "0004_zgw_zaken"),
        ("contacts", "0004_contact_moment_indexes"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OutgoingSms',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to', models.CharField(max_length=40, verbose_name='aan')),
                ('text', models.CharField(max_length=480, verbose_name='tekst')),
                ('status', models.CharField(choices=[('queued', 'in wachtrij'), ('sent', 'verzonden'), ('failed', 'mislukt')], default='queued', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='organisations.organisation', verbose_name='organisatie')),
            ],
            options={
                'verbose_name': 'uitgaande sms',
                'verbose_name_plural': "uitgaande sms'en",
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='AddressVerification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='soort')),
                ('value', models.CharField(max_length=254, verbose_name='adres')),
                ('normalised_value', models.CharField(max_length=254)),
                ('code_hash', models.CharField(max_length=100)),
                ('expires_at', models.DateTimeField()),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('verified_at', models.DateTimeField(blank=True, null=True)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='organisations.organisation', verbose_name='organisatie')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='address_verifications', to='contacts.party')),
            ],
            options={
                'verbose_name': 'verificatiecode',
                'verbose_name_plural': 'verificatiecodes',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['party', '-created_at'], name='portal_verification_party_idx')],
            },
        ),
        migrations.CreateModel(
            name='DocumentRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('description', models.CharField(max_length=1000, verbose_name='welk document')),
                ('due_date', models.DateField(verbose_name='uiterlijk op')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('fulfilled_at', models.DateTimeField(blank=True, null=True, verbose_name='ontvangen op')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='ingetrokken op')),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.enkelvoudiginformatieobject')),
                ('informatieobjecttype', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.informatieobjecttype', verbose_name='documenttype')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='organisations.organisation', verbose_name='organisatie')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('zaak', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_requests', to='cases.zaak', verbose_name='zaak')),
            ],
            options={
                'verbose_name': 'gevraagd document',
                'verbose_name_plural': 'gevraagde documenten',
                'ordering': ['due_date', 'pk'],
                'indexes': [models.Index(fields=['zaak', 'fulfilled_at'], name='portal_docrequest_zaak_idx')],
            },
        ),
        migrations.CreateModel(
            name='PortalMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('status', 'Nieuwe status'), ('suspended', 'Zaak ligt stil'), ('resumed', 'Zaak loopt weer'), ('extended', 'Termijn verlengd'), ('document_request', 'Document gevraagd'), ('decision', 'Besluit'), ('closed', 'Zaak afgehandeld'), ('reopened', 'Zaak heropend'), ('answer', 'Antwoord op uw vraag')], max_length=20, verbose_name='soort')),
                ('subject', models.CharField(max_length=200, verbose_name='onderwerp')),
                ('body', models.TextField(blank=True, verbose_name='tekst')),
                ('link', models.CharField(blank=True, max_length=300, verbose_name='link')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='verstuurd op')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='gelezen op')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='organisations.organisation', verbose_name='organisatie')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='portal_messages', to='contacts.party', verbose_name='klant')),
                ('zaak', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='portal_messages', to='cases.zaak', verbose_name='zaak')),
            ],
            options={
                'verbose_name': 'bericht',
                'verbose_name_plural': 'berichten',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['party', '-created_at'], name='portal_message_party_idx'), models.Index(condition=models.Q(('read_at__isnull', True)), fields=['party'], name='portal_message_unread_idx')],
            },
        ),
    ]
