from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "samenwerkwijzer.integrations"
