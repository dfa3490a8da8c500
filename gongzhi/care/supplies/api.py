"""The JSON API of care's supplies part."""

from ninja import Router

router = Router()
