"""Writes to accounts: each leaves an audit row (the password itself never is recorded)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from core.models import AuditAction
from core.services import audit


@transaction.atomic
def password_set(*, actor: AbstractBaseUser | None, user: AbstractBaseUser, new_password: str) -> AbstractBaseUser:
    """Give ``user`` a new password (already checked against the validators by the form). Every
    other session of the account ends, since Django ties a session to the password hash; the view
    that calls this keeps the caller's own session."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit(actor=actor, instance=user, action=AuditAction.CHANGED, changes={"password": (None, None)})
    return user
