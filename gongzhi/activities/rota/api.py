"""The rota operations of the JSON API, under /api/v1/activities/ (activities/api.py)."""

from ninja import Router

router = Router()
