"""The per-collaboration signatory statement is folded into the organisation-level extract.

Every statement becomes an extract submission of the participant's organisation that awaits review,
with the same file (not copied), the names it gave and, as date of the extract, the day it was
uploaded (the statement did not ask for the extract's own date). Of several statements of one
organisation only the newest awaits review; the older ones are kept as replaced by a newer upload.
Then the statement model goes.
"""

from zoneinfo import ZoneInfo

from django.db import migrations

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def statements_to_submissions(apps, schema_editor):
    SignatoryStatement = apps.get_model("registry", "SignatoryStatement")
    ExtractSubmission = apps.get_model("verification", "ExtractSubmission")
    seen = set()
    for statement in SignatoryStatement.objects.select_related("participant").order_by("-uploaded_at", "-id"):
        organisation_id = statement.participant.organisation_id
        submission = ExtractSubmission.objects.create(
            organisation_id=organisation_id,
            extract=statement.extract.name,
            extract_name=statement.extract_name,
            sha256=statement.sha256,
            extract_date=statement.uploaded_at.astimezone(AMSTERDAM).date(),
            signatories=statement.signatories,
            uploaded_by_id=statement.uploaded_by_id,
            status="pending" if organisation_id not in seen else "withdrawn",
        )
        # auto_now_add stamped the moment of migrating; keep the moment of the upload.
        ExtractSubmission.objects.filter(pk=submission.pk).update(uploaded_at=statement.uploaded_at)
        seen.add(organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("verification", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(statements_to_submissions, migrations.RunPython.noop),
        migrations.DeleteModel(name="SignatoryStatement"),
    ]
