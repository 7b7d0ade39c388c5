"""Shapes of organisations in the JSON API, shared by every router that shows an organisation."""

from ninja import Field, Schema


class VerificationOut(Schema):
    status: str = Field(description="verified or unverified")
    method: str | None = Field(description="eherkenning or extract; null when not verified")
    assurance_level: str | None = Field(description="eHerkenning assurance level (EH2+, EH3, EH4); else null")
    verified_at: str | None = Field(description="When it was verified (ISO 8601); null when not verified")
