from django.db import models

from .models import AuditEntry


def accesses_to(subject: models.Model):
    """Everything logged about one person, newest first (for "who looked at my data")."""
    return AuditEntry.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
