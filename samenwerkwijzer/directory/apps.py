from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "samenwerkwijzer.directory"

    def ready(self):
        from django.db.models import CharField, IntegerField

        from samenwerkwijzer.organisations.signals import organisation_changed, organisation_verified

        from .lookups import OneOf

        CharField.register_lookup(OneOf)
        IntegerField.register_lookup(OneOf)
        organisation_changed.connect(_refresh_listing, dispatch_uid="directory_refresh_listing")
        organisation_verified.connect(_after_verification, dispatch_uid="directory_after_verification")


def _refresh_listing(sender, *, organisation, **kwargs):
    # A findable organisation's public directory entry follows its profile.
    from .services import listing_refresh

    listing_refresh(organisation=organisation)


def _after_verification(sender, *, organisation, displaced, **kwargs):
    from .services import listing_after_verification

    listing_after_verification(organisation=organisation, displaced=displaced)
