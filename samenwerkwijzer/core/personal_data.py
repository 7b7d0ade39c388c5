"""The mails the app sent (or is about to send) to a person, for "Mijn gegevens downloaden"
(privacy/registry.py): the outbox keeps them RETENTION_OUTGOING_MAIL_DAYS (core/retention.py).

Only mails addressed to one of the person's own e-mail addresses, and of each: when, the subject,
whether it was sent and the names of its attachments. Not the text: it holds links with secrets
(logging in, joining, resetting a password) and may name other people, and the person has the mail
itself; never the other addressees.
"""

from email.utils import parseaddr

from allauth.account.models import EmailAddress

from samenwerkwijzer.privacy.registry import register_export

from .models import OutgoingMail


def _own_addresses(user) -> set[str]:
    addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    return {address.lower() for address in (user.email, *addresses) if address}


def export(user) -> list[dict]:
    own = _own_addresses(user)
    found = {}
    for address in own:
        # A first sieve in the database (the address occurs in the addressees), then the exact test.
        for mail in OutgoingMail.objects.filter(to__icontains=address):
            if own & {parseaddr(str(to))[1].lower() for to in mail.to}:
                found[mail.pk] = mail
    return [
        {
            "aangemaakt_op": mail.created_at.isoformat(),
            "verzonden_op": mail.sent_at.isoformat() if mail.sent_at else None,
            "status": mail.status,
            "onderwerp": mail.subject,
            "bijlagen": [attachment.get("filename", "") for attachment in mail.attachments],
        }
        for mail in sorted(found.values(), key=lambda mail: (mail.created_at, mail.pk))
    ]


register_export("mails", export)
