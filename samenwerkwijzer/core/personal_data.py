"""The mails the app sent (or is about to send) to a person, for "Mijn gegevens downloaden"
(privacy/registry.py): the outbox keeps them RETENTION_OUTGOING_MAIL_DAYS (core/retention.py).

Only mails addressed to one of the person's own e-mail addresses, and of each: when, the subject,
whether it was sent and the names of its attachments. Not the text: it holds links with secrets
(logging in, joining, resetting a password) and may name other people, and the person has the mail
itself; never the other addressees.
"""

import operator
from email.utils import parseaddr
from functools import reduce

from allauth.account.models import EmailAddress
from django.db.models import Q

from samenwerkwijzer.privacy.registry import register_export

from .models import OutgoingMail


def _own_addresses(user) -> set[str]:
    addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    return {address.lower() for address in (user.email, *addresses) if address}


def export(user) -> list[dict]:
    own = _own_addresses(user)
    # A first sieve in the database (one of the addresses occurs in the addressees), then the exact test.
    sieve = reduce(operator.or_, (Q(to__icontains=address) for address in own), Q(pk__in=[]))
    found = [
        mail
        for mail in OutgoingMail.objects.filter(sieve).order_by("created_at", "pk")
        if own & {parseaddr(str(to))[1].lower() for to in mail.to}
    ]
    return [
        {
            "aangemaakt_op": mail.created_at.isoformat(),
            "verzonden_op": mail.sent_at.isoformat() if mail.sent_at else None,
            "status": mail.status,
            "onderwerp": mail.subject,
            "bijlagen": [attachment.get("filename", "") for attachment in mail.attachments],
        }
        for mail in found
    ]


register_export("mails", export)
