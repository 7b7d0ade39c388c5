"""Look a company up in the Handelsregister: ``manage.py registry_check 69599084 [--json]``.

Uses the KVK API when KVK_API_KEY is set, otherwise the offline register (the directory
import), and the Centraal Insolventieregister when CIR_USERNAME and CIR_PASSWORD are set.
Prints the result; it is not stored.
"""

import json
import re

from django.core.management.base import BaseCommand, CommandError

from samenwerkwijzer.registry.client import InsolvencyCheck, RegistryError, get_client
from samenwerkwijzer.registry.insolvency import attach_insolvency_check


class Command(BaseCommand):
    help = "Check a KvK number in the Handelsregister (KVK API, or the offline register without an API key)."

    def add_arguments(self, parser):
        parser.add_argument("kvk_number")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        kvk_number = re.sub(r"[\s.]", "", options["kvk_number"])
        if not re.fullmatch(r"\d{8}", kvk_number):
            raise CommandError("A KvK number has exactly 8 digits, for example 69599084.")
        client = get_client()
        try:
            profile = client.lookup(kvk_number)
        except RegistryError as error:
            raise CommandError(f"{error.message} {error.detail}".strip()) from error
        profile = attach_insolvency_check(profile)
        if options["json"]:
            self.stdout.write(json.dumps(profile.to_dict(), indent=2, ensure_ascii=False))
            return
        if not profile.found:
            self.stdout.write(f"{kvk_number}: not found ({profile.source})")
            return
        status = "unknown" if profile.active is None else ("active" if profile.active else f"ended {profile.ended_on}")
        lines = [
            f"{profile.name} ({profile.kvk_number}) — source: {profile.source}",
            f"  status:          {status}",
            f"  legal form:      {profile.legal_form or 'unknown'}",
            f"  address:         {profile.address or 'unknown'}" + (f" (PC4 {profile.pc4})" if profile.pc4 else ""),
            "  activities:      "
            + "; ".join(f"{a.code} {a.description}{' (main)' if a.main else ''}" for a in profile.activities),
            "  insolvency:      " + insolvency_text(profile.insolvency_check),
            "  annual accounts: " + (profile.annual_accounts or "not known from this source"),
        ]
        lines += [f"  note: {note}" for note in profile.notes]
        self.stdout.write("\n".join(lines))


KINDS = {
    "F": "bankruptcy (faillissement)",
    "S": "suspension of payments (surseance)",
    "R": "debt restructuring (schuldsanering)",
}


def insolvency_text(check: InsolvencyCheck | None) -> str:
    if check is None:
        return "unknown: this source has no insolvency data (see CIR)"
    if check.failed:
        return f"not known: the CIR could not be consulted on {check.checked_on} (see note)"
    if not check.cases:
        return f"no insolvency publications in the CIR on {check.checked_on}"
    lines = [f"{len(check.cases)} case(s) in the CIR on {check.checked_on}"]
    for case in check.cases:
        state = {True: "ended", False: "running", None: "state not published"}[case.ended]
        lines.append(
            f"    {KINDS.get(case.kind, case.kind)} {case.number}, {case.court} — {state}; "
            f"latest: {case.publication} ({case.published_on})"
        )
    if check.omitted:
        lines.append(f"    and {check.omitted} more case(s) not fetched")
    return "\n".join(lines)
