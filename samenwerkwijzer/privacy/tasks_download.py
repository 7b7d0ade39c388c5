"""Building the ZIP of "Mijn gegevens downloaden" in the background (django-tasks)."""

import io
import json
import zipfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from samenwerkwijzer.lib.mail import absolute_url, mail_key, send_after_commit
from samenwerkwijzer.lib.storage import StorageUnavailable, save_file, undone_on_error
from samenwerkwijzer.lib.tasks import TemporaryFailure, retried

from .models import PersonalDataDownload
from .registry import EXPORTS

README = """Uw gegevens uit Samenwerkwijzer

Dit bestand bevat alles wat Samenwerkwijzer over u bewaart, zoals het was op {moment}.

- account.json: uw account: naam, functie, e-mailadressen, wanneer u zich aanmeldde en voor
  het laatst inlogde, uw tweede stappen (alleen het soort en de datum, nooit de geheimen),
  uw koppelingen met single sign-on en uw toestemmingen en e-mailinstellingen.
- De andere bestanden, één per onderdeel: uw organisaties en lidmaatschappen, de
  samenwerkingen waarin u meedoet en de rol van uw organisatie, wat u schreef (antwoorden,
  conclusies, actiepunten, agendavoorstellen, overleggen), uw handtekeningen met tijdstip en
  manier, de regels in het logboek over u, uw shortlist, de uittreksels die u uploadde
  (alleen de gegevens over het bestand) en uw API-sleutels (naam, datum, laatste gebruik).
- mails.json: de e-mails die wij u stuurden, zolang wij ze bewaren: wanneer, het onderwerp en of
  ze verzonden zijn (niet de tekst: daarin staan links die alleen voor u zijn; die heeft u zelf).

"u" in een bestand betekent: dat was u. Een verwijzing naar iemand anders staat er als leeg
(null) in: gegevens van anderen horen niet in uw download.

De bestanden zijn JSON: te openen met een teksteditor of in te lezen in een ander programma.
Dit is uw recht op inzage en op overdraagbaarheid (artikelen 15 en 20 AVG).
"""


def account_data(user) -> dict:
    return {
        "naam": user.full_name,
        "functie": user.job_title,
        "taal": user.language,
        "aangemeld_op": user.date_joined.isoformat(),
        "laatst_ingelogd": user.last_login.isoformat() if user.last_login else None,
        "e_mailadressen": [
            {"adres": address.email, "bevestigd": address.verified, "hoofdadres": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "tweede_stappen": [
            {
                "soort": authenticator.get_type_display(),
                "aangemaakt": authenticator.created_at.isoformat() if authenticator.created_at else None,
                "laatst_gebruikt": authenticator.last_used_at.isoformat() if authenticator.last_used_at else None,
            }
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        "single_sign_on": [
            {
                "aanbieder": account.provider,
                "gekoppeld": account.date_joined.isoformat(),
                "laatst_ingelogd": account.last_login.isoformat(),
            }
            for account in SocialAccount.objects.filter(user=user)
        ],
    }


def build_zip(user) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(moment=timezone.localtime().strftime("%d-%m-%Y %H:%M")))
        archive.writestr("account.json", json.dumps(account_data(user), ensure_ascii=False, indent=2))
        for name, export in sorted(EXPORTS.items()):
            archive.writestr(f"{name}.json", json.dumps(export(user), ensure_ascii=False, indent=2, default=str))
    return buffer.getvalue()


def _gave_up(download_id: int) -> None:
    """Every attempt failed: the page says so and offers a new download."""
    PersonalDataDownload.objects.filter(pk=download_id, status=PersonalDataDownload.Status.PENDING).update(
        status=PersonalDataDownload.Status.FAILED
    )


@task()
def build_personal_data_download(download_id: int, attempt: int = 1) -> None:
    """Build the ZIP, store it (lib/storage.py) and tell the person. Idempotent: a download that is
    ready (or gone) is left alone. When the file storage is unreachable the task is tried again later
    (lib/tasks.retried); after the last attempt the download is marked failed."""
    download = PersonalDataDownload.objects.select_related("user").filter(pk=download_id).first()
    if download is None or download.status != PersonalDataDownload.Status.PENDING:
        return  # deleted with the account before the worker came to it, or done by an earlier run
    user = download.user
    content = build_zip(user)
    with retried(
        build_personal_data_download, download_id, attempt=attempt, on_give_up=lambda _error: _gave_up(download_id)
    ):
        _store(download_id, content, user)


def _store(download_id: int, content: bytes, user) -> None:
    # The file first, then the row in one transaction; the file goes again when the row fails.
    with undone_on_error() as written, transaction.atomic():
        download = (
            PersonalDataDownload.objects.select_for_update()
            .filter(pk=download_id, status=PersonalDataDownload.Status.PENDING)
            .first()
        )
        if download is None:
            return
        try:
            save_file(download.file, "download.zip", content, written=written)
        except StorageUnavailable as error:
            raise TemporaryFailure("the file storage is unreachable") from error
        download.status = PersonalDataDownload.Status.READY
        download.ready_at = timezone.now()
        download.expires_at = download.ready_at + timedelta(days=settings.RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS)
        download.save(update_fields=["file", "status", "ready_at", "expires_at"])
        with override(user.language):
            send_after_commit(
                subject=_("Your data is ready"),
                body=_(
                    "Hello,\n\nThe download of your data from Samenwerkwijzer is ready. "
                    "Log in and download it here:\n\n%(url)s\n\nThe file is removed after %(days)s days."
                )
                % {
                    "url": absolute_url(reverse("privacy:download")),
                    "days": settings.RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS,
                },
                to=[user.email],
                idempotency_key=mail_key("personal-data-ready", download.pk),
            )
