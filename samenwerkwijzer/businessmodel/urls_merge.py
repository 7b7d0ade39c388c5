from django.urls import path

from . import views_merge

urlpatterns = [
    path("collaborations/<int:pk>/canvas/rounds/<int:round_pk>/merge/", views_merge.merge, name="merge"),
]
