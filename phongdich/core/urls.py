from django.urls import path

from phongdich.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("he-thong/tac-vu/", views.jobs, name="jobs"),
]
