app_name = "legalforms"

urlpatterns: list = []
