from django.tasks import task


@task()
def send_password_reset(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Mail a reset link to every active account with ``email``.

    Runs in the background so that the request answers the same, in the same time,
    whether or not an account has that address."""
    from django.utils import translation

    from phongdich.accounts.forms import PasswordResetForm

    with translation.override(language):
        form = PasswordResetForm({"email": email})
        if form.is_valid():
            form.send_now(domain=domain, use_https=use_https)
