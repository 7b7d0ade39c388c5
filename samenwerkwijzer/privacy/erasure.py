"""Deleting a person's account deletes their personal-data downloads, with the files in the storage
(privacy/registry.py); nothing of them stays."""

from .models import PersonalDataDownload
from .registry import Kept, register_erasure
from .services import downloads_delete


def erase(user) -> list[Kept]:
    downloads_delete(downloads=PersonalDataDownload.objects.filter(user=user))
    return []


def describe(user) -> list[Kept]:
    return []


register_erasure("personal_data_downloads", erase, describe)
