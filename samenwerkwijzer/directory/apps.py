from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "samenwerkwijzer.directory"

    def ready(self):
        from django.db.models import CharField, IntegerField

        from .lookups import OneOf

        CharField.register_lookup(OneOf)
        IntegerField.register_lookup(OneOf)
