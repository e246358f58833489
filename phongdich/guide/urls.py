from django.urls import path

from phongdich.guide import views

app_name = "guide"
urlpatterns = [
    path("", views.index, name="index"),
    path("anh/<str:name>", views.image, name="image"),
]
