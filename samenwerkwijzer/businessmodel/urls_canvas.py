from django.urls import path

from . import views_canvas

urlpatterns = [
    path("collaborations/<int:pk>/canvas/", views_canvas.canvas, name="canvas"),
    path("collaborations/<int:pk>/canvas/history/", views_canvas.history, name="history"),
    path("collaborations/<int:pk>/canvas/prefill/", views_canvas.prefill, name="prefill"),
    path("collaborations/<int:pk>/canvas/blocks/<str:block>/add/", views_canvas.note_add, name="note_add"),
    path("collaborations/<int:pk>/canvas/notes/<int:note_pk>/edit/", views_canvas.note_edit, name="note_edit"),
    path("collaborations/<int:pk>/canvas/notes/<int:note_pk>/move/", views_canvas.note_move, name="note_move"),
    path("collaborations/<int:pk>/canvas/notes/<int:note_pk>/remove/", views_canvas.note_delete, name="note_delete"),
    path("collaborations/<int:pk>/canvas.pdf", views_canvas.canvas_pdf, name="canvas_pdf"),
    path("collaborations/<int:pk>/canvas.svg", views_canvas.canvas_svg, name="canvas_svg"),
]
