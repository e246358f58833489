from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phongdich.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
