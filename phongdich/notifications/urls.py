"""Notifications under /thong-bao/ (namespace "notifications")."""

from django.urls import path

from phongdich.notifications import views

app_name = "notifications"

urlpatterns = [path("", views.index, name="index")]
