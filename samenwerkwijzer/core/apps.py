from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samenwerkwijzer.core"
