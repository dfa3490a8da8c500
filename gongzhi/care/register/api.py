"""The JSON API of care's register part."""

from ninja import Router

router = Router()
