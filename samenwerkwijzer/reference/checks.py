from django.core.checks import Error, register

from . import catalog


@register()
def reference_data_is_complete(app_configs, **kwargs):
    """Fail start-up when a reference file is missing or damaged."""
    problems = []
    try:
        sbi = catalog.sbi_codes()
        pc4 = catalog.pc4_areas()
        forms = catalog.legal_forms()
    except (OSError, KeyError, ValueError) as error:
        return [Error(f"Reference data cannot be read: {error}", id="reference.E001")]
    if len(sbi) < 1900 or any(c.parent_code and c.parent_code not in sbi for c in sbi.values()):
        problems.append(Error("SBI 2025 table is incomplete.", id="reference.E002"))
    if len(pc4) < 4000 or any(not (50 < a.latitude < 54 and 3 < a.longitude < 8) for a in pc4.values()):
        problems.append(
            Error("PC4 table is incomplete or has coordinates outside the Netherlands.", id="reference.E003")
        )
    if len(forms) < 40:
        problems.append(Error("Legal form table is incomplete.", id="reference.E004"))
    return problems
