from django.urls import path

from . import views_canvas

urlpatterns = [
    path("collaborations/<int:pk>/canvas/", views_canvas.canvas, name="canvas"),
]
