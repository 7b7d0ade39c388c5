"""Turning a person's records into JSON for their download, without secrets or other people.

``rows(queryset, user)`` gives every concrete field of each record: a link to a person becomes
``"u"`` when it is the person downloading and ``null`` otherwise (never someone else's id or
name), other links their id and text; secrets (hashes, keys) and binary contents are left out.
"""

import datetime
import decimal
import uuid

from django.contrib.auth import get_user_model
from django.db import models

SECRET_FIELDS = {"password", "token_hash", "secret", "secret_hash"}


def value(field, obj, user):
    if isinstance(field, models.ForeignKey):
        related_id = getattr(obj, field.attname)
        if field.related_model is get_user_model():
            return "u" if related_id == user.pk else None
        if related_id is None:
            return None
        return {"id": related_id, "naam": str(getattr(obj, field.name))}
    raw = field.value_from_object(obj)
    if isinstance(raw, (datetime.datetime, datetime.date, datetime.time)):
        return raw.isoformat()
    if isinstance(raw, (decimal.Decimal, uuid.UUID)):
        return str(raw)
    if isinstance(field, models.FileField):
        return raw.name if raw else ""
    return raw


def row(obj, user, *, exclude=()) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in exclude or isinstance(field, models.BinaryField):
            continue
        out[field.name] = value(field, obj, user)
    return out


def rows(queryset, user, *, exclude=()) -> list[dict]:
    return [row(obj, user, exclude=exclude) for obj in queryset]


def user_filter(model, user) -> models.Q:
    """Records of ``model`` that point to ``user`` through any of its person links."""
    query = models.Q(pk__in=[])
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is get_user_model():
            query |= models.Q(**{field.name: user})
    return query


def about(model, user, *, exclude=()) -> list[dict]:
    return rows(model.objects.filter(user_filter(model, user)).distinct(), user, exclude=exclude)
