"""Gate management under /check-in/cong/ (namespace "checkin")."""

from django.urls import path

from phongdich.checkin import views_gates

urlpatterns = [
    path("", views_gates.index, name="gates_index"),
    path("them/", views_gates.create, name="gates_create"),
    path("<int:pk>/", views_gates.detail, name="gates_detail"),
    path("<int:pk>/sua/", views_gates.edit, name="gates_edit"),
    path("<int:pk>/cap-lai-ma/", views_gates.regenerate, name="gates_regenerate"),
    path("<int:pk>/thu-hoi-ma/", views_gates.revoke, name="gates_revoke"),
    path("<int:pk>/ap-phich.pdf", views_gates.poster_pdf, name="gates_poster_pdf"),
    path("<int:pk>/qr.png", views_gates.qr_png, name="gates_qr_png"),
    path("<int:pk>/qr.svg", views_gates.qr_svg, name="gates_qr_svg"),
    path(
        "don-vi/<int:unit_id>/ap-phich.pdf",
        views_gates.unit_poster_pdf,
        name="gates_unit_poster_pdf",
    ),
]
