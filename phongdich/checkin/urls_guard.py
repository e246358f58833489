from django.urls import path

from phongdich.checkin import views_guard

urlpatterns = [
    path("", views_guard.index, name="guard_index"),
]
