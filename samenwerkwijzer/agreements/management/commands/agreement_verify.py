"""Is FILE exactly a letter of intent or agreement signed here? Prints "valid" (exit 0) or why not (exit 1).

The first line is the verdict. The lines after it (docs/architecture.md, "agreement_verify") give the PAdES
level the seal reaches, the seal certificate's subject, whether its chain is trusted, the signature timestamp's
time and TSA, and each recorded signatory with organisation and second-factor method.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from samenwerkwijzer.agreements import verification


class Command(BaseCommand):
    help = "Verify that a PDF is byte for byte a document signed by all parties (and that its seal holds)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the PDF to verify.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if path.stat().st_size > verification.MAX_BYTES:
                self._invalid(verification.explain(verification.Verification(verification.TOO_LARGE)))
            data = path.read_bytes()
        except OSError as error:
            self._invalid(f"cannot read {path}: {error.strerror}")
        result = verification.verify(data)
        if not result.valid:
            self._invalid(verification.explain(result), verification.report_lines(result))
        self.stdout.write("valid")
        for line in verification.report_lines(result):
            self.stdout.write(line)
        if options["verbosity"] > 1:
            self.stdout.write(verification.explain(result))
            self.stdout.write(f"sha256 {result.sha256}")

    def _invalid(self, reason: str, lines=()):
        self.stdout.write(f"invalid: {reason}")
        for line in lines:
            self.stdout.write(line)
        raise SystemExit(1)
