from samenwerkwijzer.lib.authz import Expect  # noqa: F401

EXPECTATIONS = {}
