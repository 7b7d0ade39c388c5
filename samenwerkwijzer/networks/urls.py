from . import urls_after, urls_assignments, urls_export, urls_network

app_name = "networks"

# Each part of the network keeps its own routes: the network and its members, assignments and
# teams, and what follows a complete team (agreement, evaluation, turning it into a collaboration), and the network's export ZIP.
urlpatterns = [
    *urls_network.urlpatterns,
    *urls_assignments.urlpatterns,
    *urls_after.urlpatterns,
    *urls_export.urlpatterns,
]
