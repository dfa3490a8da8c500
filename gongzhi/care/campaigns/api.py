"""The JSON API of care's campaigns part."""

from ninja import Router

router = Router()
