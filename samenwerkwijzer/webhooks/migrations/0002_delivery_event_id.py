from django.db import migrations, models

import samenwerkwijzer.webhooks.models


def copy_event_ids(apps, schema_editor):
    """Existing deliveries get the id their payload carried (each emit made a new one), else their own."""
    WebhookDelivery = apps.get_model("webhooks", "WebhookDelivery")
    seen = set()
    for delivery in WebhookDelivery.objects.only("pk", "endpoint_id", "payload").iterator():
        event_id = (delivery.payload or {}).get("id") if isinstance(delivery.payload, dict) else None
        if not event_id or (delivery.endpoint_id, event_id) in seen:
            event_id = f"delivery_{delivery.pk}"
        seen.add((delivery.endpoint_id, event_id))
        WebhookDelivery.objects.filter(pk=delivery.pk).update(event_id=str(event_id)[:100])


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhookdelivery",
            name="event_id",
            field=models.CharField(default=samenwerkwijzer.webhooks.models.new_event_id, max_length=100),
        ),
        migrations.RunPython(copy_event_ids, migrations.RunPython.noop),
    ]
