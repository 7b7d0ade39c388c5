"""Test infrastructure that is no part of the product: test PKI, HSM token, local servers."""
