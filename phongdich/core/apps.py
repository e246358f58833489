from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "phongdich.core"
    label = "core"
    verbose_name = "Core"


class PhongdichAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "phongdich.core.admin_site.AdminSite"
