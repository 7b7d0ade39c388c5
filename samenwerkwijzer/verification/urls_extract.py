"""Review of a Handelsregister extract: upload by the organisation, decision by staff."""

urlpatterns = []
