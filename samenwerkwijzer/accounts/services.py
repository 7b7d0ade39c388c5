from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User


@transaction.atomic
def update_profile(*, user: User, full_name: str, job_title: str = "") -> User:
    """Stores the name and function by which others see this person."""
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Enter your full name.")})
    user.full_name = full_name
    user.job_title = job_title.strip()
    user.save(update_fields=["full_name", "job_title"])
    return user
