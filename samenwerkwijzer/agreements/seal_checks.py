"""Start-up checks of the seal (docs/deployment.md, "Het zegel").

- agreements.E010: the production profile refuses the self-generated development certificate.
- agreements.E011: a configured seal that cannot be used (missing file, wrong password, key and
  certificate not a pair, expired, chain not leading to AGREEMENT_SEAL_TRUST_ROOTS).
- agreements.W010 (``check --deploy`` outside the production profile): the self-generated
  certificate would be refused in production.
"""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from . import sealing

HINT = "docs/deployment.md"


@checks.register()
def check_seal_configuration(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if sealing.configured_source() == "generated":
        if settings.PRODUCTION:
            return [checks.Error(sealing.generated_refused_message(), hint=HINT, id="agreements.E010")]
        return []
    try:
        sealing.configured_signer()
    except sealing.SealConfigurationError as error:
        return [checks.Error(error.message, hint=HINT, id="agreements.E011")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_seal_for_deployment(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if sealing.configured_source() == "generated" and not settings.PRODUCTION:
        return [
            checks.Warning(
                _("%(refusal)s The production profile refuses this certificate.")
                % {"refusal": sealing.generated_refused_message()},
                hint=HINT,
                id="agreements.W010",
            )
        ]
    return []
