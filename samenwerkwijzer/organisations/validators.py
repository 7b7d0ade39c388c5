import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samenwerkwijzer.reference import catalog

KVK_NUMBER = re.compile(r"^\d{8}$")


def normalise_kvk_number(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


def validate_kvk_number(value: str) -> None:
    if not KVK_NUMBER.match(value):
        raise ValidationError(_("A KvK number has exactly 8 digits, for example 69599084."), code="kvk_number")


def validate_pc4(value: str) -> None:
    if value not in catalog.pc4_areas():
        raise ValidationError(
            _("%(value)s is not a known Dutch postcode area. Enter the 4 digits of your postcode, e.g. 3511.")
            % {"value": value},
            code="pc4",
        )


def parse_sbi_codes(value: str) -> list[str]:
    """Split user input into SBI codes; raise with the codes that do not exist."""
    codes = [code.strip().upper() for code in re.split(r"[\s,;]+", value or "") if code.strip()]
    known = catalog.sbi_codes()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown SBI code(s): %(codes)s. Use the search to find the right code.") % {"codes": ", ".join(unknown)},
            code="sbi",
        )
    if not codes:
        raise ValidationError(_("Enter at least one SBI code."), code="sbi_required")
    # Keep the order the user chose, without repeats.
    return list(dict.fromkeys(codes))
