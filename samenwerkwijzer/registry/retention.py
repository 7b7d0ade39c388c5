"""Retention of the registry app (privacy/registry.py): stored Handelsregister answers (KVK look-ups,
with the insolvency facts they carry) checked more than ``RETENTION_REGISTRY_ANSWER_DAYS`` ago are
deleted; a new check fetches them again. What partners relied on when signing stays in the
signature itself (the agreements app keeps the organisation's verification with it)."""

from datetime import datetime, timedelta

from django.conf import settings

from samenwerkwijzer.privacy.registry import register_retention

from .models import RegistryCheck


def clean_up_registry_answers(now: datetime) -> int:
    before = now - timedelta(days=settings.RETENTION_REGISTRY_ANSWER_DAYS)
    deleted, _ = RegistryCheck.objects.filter(checked_at__lte=before).delete()
    return deleted


register_retention("registry answers", clean_up_registry_answers)
