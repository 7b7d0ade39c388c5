from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "samenwerkwijzer.webhooks"
