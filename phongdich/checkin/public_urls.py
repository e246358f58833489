"""The public check-in: /c/<token>, no account, no app."""

from django.urls import path

from phongdich.checkin import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.manual_code, name="manual_code"),
    path("ngon-ngu/", public_views.language, name="language"),  # no token has a "/"
    path("<str:token>", public_views.checkin, name="checkin"),
    path("<str:token>/ket-qua/<str:ticket>", public_views.result, name="result"),
    path("<str:token>/ra", public_views.checkout, name="checkout"),
]
