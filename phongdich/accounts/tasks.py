from django.tasks import task


@task()
def send_password_reset(*, sealed_email: str, domain: str, use_https: bool, language: str) -> None:
    """Mail a reset link to every active account with the address ``sealed_email``
    encrypts (``core.crypto.encrypt``: the task table keeps arguments in clear).

    Runs in the background so that the request answers the same, in the same time,
    whether or not an account has that address."""
    from django.utils import translation

    from phongdich.accounts.forms import PasswordResetForm
    from phongdich.core.crypto import decrypt

    email = decrypt(sealed_email)
    with translation.override(language):
        form = PasswordResetForm({"email": email})
        if form.is_valid():
            form.send_now(domain=domain, use_https=use_https)
