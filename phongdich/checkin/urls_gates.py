from django.urls import path

from phongdich.checkin import views_gates

urlpatterns = [
    path("", views_gates.index, name="gates_index"),
]
