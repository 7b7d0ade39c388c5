from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0002_delivery_event_id"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="webhookdelivery",
            constraint=models.UniqueConstraint(fields=("endpoint", "event_id"), name="webhook_delivery_once_per_event"),
        ),
    ]
