"""The name that replaces a deleted person's name in records others still need."""

from django.conf import settings
from django.utils.translation import gettext, override


def former_user() -> str:
    # Stored text, so in the site's language, not the language of whoever deletes.
    with override(settings.LANGUAGE_CODE):
        return gettext("former user")


def addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    return {
        user.email.lower(),
        *(e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    }


def scrub(data, user, replacement: str):
    """``data`` (JSON) with every string holding the person's name or an address replaced."""
    needles = [a for a in addresses(user) if a]
    if len(user.full_name) >= 3:
        needles.append(user.full_name)
    if isinstance(data, dict):
        return {key: scrub(item, user, replacement) for key, item in data.items()}
    if isinstance(data, list):
        return [scrub(item, user, replacement) for item in data]
    if isinstance(data, str):
        lowered = data.lower()
        if any(needle.lower() in lowered for needle in needles):
            for needle in needles:
                start = lowered.find(needle.lower())
                while start != -1:
                    data = data[:start] + replacement + data[start + len(needle) :]
                    lowered = data.lower()
                    start = lowered.find(needle.lower(), start + len(replacement))
        return data
    return data
