from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("<int:pk>/", views.endpoint_list, name="list"),
    path("<int:pk>/new/", views.endpoint_create, name="create"),
    path("<int:pk>/<int:endpoint_pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/<int:endpoint_pk>/edit/", views.endpoint_edit, name="edit"),
    path("<int:pk>/<int:endpoint_pk>/delete/", views.endpoint_delete, name="delete"),
    path("<int:pk>/<int:endpoint_pk>/test/", views.endpoint_test, name="test"),
]
