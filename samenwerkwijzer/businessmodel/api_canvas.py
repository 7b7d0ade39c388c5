"""Stub router; the owner of this part fills it in."""

from ninja import Router

router = Router(tags=["business model"])
