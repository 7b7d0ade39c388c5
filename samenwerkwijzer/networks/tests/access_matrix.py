"""The network's URL patterns: each part keeps its rows in its own file; the matrix collects this one."""

from .access_matrix_after import EXPECTATIONS as AFTER
from .access_matrix_api import EXPECTATIONS as API
from .access_matrix_assignments import EXPECTATIONS as ASSIGNMENTS
from .access_matrix_network import EXPECTATIONS as NETWORK

EXPECTATIONS = NETWORK | ASSIGNMENTS | AFTER | API
