"""The business model's URL patterns: each part keeps its rows in its own file; the matrix collects this one."""

from .access_matrix_canvas import EXPECTATIONS as CANVAS
from .access_matrix_merge import EXPECTATIONS as MERGE
from .access_matrix_plan import EXPECTATIONS as PLAN

EXPECTATIONS = CANVAS | MERGE | PLAN
