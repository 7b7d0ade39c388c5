from .access_matrix_eherkenning import EXPECTATIONS as EHERKENNING
from .access_matrix_extract import EXPECTATIONS as EXTRACT

EXPECTATIONS = {**EHERKENNING, **EXTRACT}
