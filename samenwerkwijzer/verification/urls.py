from .urls_eherkenning import urlpatterns as eherkenning_urlpatterns
from .urls_extract import urlpatterns as extract_urlpatterns

app_name = "verification"

urlpatterns = [*eherkenning_urlpatterns, *extract_urlpatterns]
