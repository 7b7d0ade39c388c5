"""eHerkenning: verifying an organisation through an OpenID Connect broker."""

urlpatterns = []
