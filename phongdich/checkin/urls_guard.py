from django.urls import path

from phongdich.checkin import views_guard

urlpatterns = [
    path("", views_guard.index, name="guard_index"),
    path("hien-tai/", views_guard.live, name="guard_live"),
    path("check-in/", views_guard.checkin, name="guard_checkin"),
    path("luot/<int:pk>/quyet-dinh/", views_guard.decide, name="guard_decide"),
    path("luot/<int:pk>/ra/", views_guard.check_out, name="guard_check_out"),
]
