"""The JSON API of care's visits part."""

from ninja import Router

router = Router()
