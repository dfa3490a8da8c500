"""API input both votes and polls take (one schema, so OpenAPI names it once)."""

from ninja import Schema


class CloseIn(Schema):
    confirm_early: bool = False
