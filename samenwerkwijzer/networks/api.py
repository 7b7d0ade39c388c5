"""The network API (/api/v1/networks/...): the owner of this part fills it in."""

from ninja import Router

router = Router(tags=["networks"])
