"""Start-up checks of the seal (docs/deployment.md, "Het zegel").

- agreements.E010: the production profile refuses the self-generated development certificate.
- agreements.E011: a configured seal that cannot be used (missing file, wrong password, key and
  certificate not a pair, expired, chain not leading to AGREEMENT_SEAL_TRUST_ROOTS).
- agreements.E012: the production profile needs a time-stamping authority (AGREEMENT_SEAL_TSA_URL).
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
    problems = []
    if settings.PRODUCTION and not sealing.tsa_url():
        problems.append(checks.Error(sealing.tsa_required_message(), hint=HINT, id="agreements.E012"))
    if sealing.configured_source() == "generated":
        if settings.PRODUCTION:
            problems.append(checks.Error(sealing.generated_refused_message(), hint=HINT, id="agreements.E010"))
        return problems
    try:
        sealing.configured_signer()
    except sealing.SealConfigurationError as error:
        problems.append(checks.Error(error.message, hint=HINT, id="agreements.E011"))
    return problems


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
