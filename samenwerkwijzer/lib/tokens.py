"""Single-use link tokens: a random token goes in the link, only its SHA-256 is stored.

A database leak then hands out no working links. Shared by collaboration and membership invitations.
"""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
