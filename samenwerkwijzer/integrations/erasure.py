"""Deleting a person's exports made in the background (privacy/registry.py): the files in the storage
go with their jobs (nothing of them is kept)."""

from samenwerkwijzer.privacy.registry import Kept, register_erasure

from .models import ExportJob


def describe(user) -> list[Kept]:
    return []


def erase(user) -> list[Kept]:
    for job in ExportJob.objects.filter(requested_by=user):
        if job.file.name:
            job.file.storage.delete(job.file.name)
        job.delete()
    return []


register_erasure("exports", erase, describe)
