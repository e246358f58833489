from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from phongdich.accounts import views
from phongdich.accounts.forms import (
    RESET_EMAIL_TEMPLATE,
    RESET_SUBJECT_TEMPLATE,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=PasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "quen-mat-khau/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=PasswordResetForm,
            email_template_name=RESET_EMAIL_TEMPLATE,
            subject_template_name=RESET_SUBJECT_TEMPLATE,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=SetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # The second factor (TOTP): enrolment, the log-in step, recovery codes.
    path("xac-thuc-hai-lop/", views.two_factor_home, name="two_factor"),
    path("xac-thuc-hai-lop/dang-ky/", views.two_factor_enrol, name="two_factor_enrol"),
    path("xac-thuc-hai-lop/xac-minh/", views.two_factor_verify, name="two_factor_verify"),
    path("xac-thuc-hai-lop/ma-khoi-phuc/", views.two_factor_codes, name="two_factor_codes"),
    path(
        "xac-thuc-hai-lop/quen-trinh-duyet/",
        views.two_factor_browsers_forget,
        name="two_factor_browsers_forget",
    ),
    path("xac-thuc-hai-lop/tat/", views.two_factor_disable, name="two_factor_disable"),
]
