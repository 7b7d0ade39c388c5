from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "samenwerkwijzer.collaborations"
