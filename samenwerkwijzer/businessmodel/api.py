"""The business model in the API: the canvas (api_canvas.py) and the business plan (api_plan.py)."""

from ninja import Router

from . import api_canvas, api_plan

router = Router()
router.add_router("", api_canvas.router)
router.add_router("", api_plan.router)
