from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "samenwerkwijzer.registry"
