"""The token in an enterprise account's e-mail confirmation link."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class EnterpriseConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Its own salt, so that a confirmation link can never serve as a password-reset link, and
    ``is_active`` in the hash, so that the link stops working once the account is confirmed."""

    key_salt = "companies.tokens.EnterpriseConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.is_active}{user.email}{user.password}{timestamp}"


confirmation_token_generator = EnterpriseConfirmationTokenGenerator()


def confirmation_uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))
