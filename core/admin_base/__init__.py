"""Admin building blocks with no campaign nouns; the domain's bases (``accounts.admin_base``,
``benchmarking.admin_scoping``) set them from the campaign's roles.

Who may do what in the admin follows from rule predicates (django-rules); permission rows and
groups play no part. The pieces:

``RuleAdminMixin``
    ``has_view/add/change/delete_permission`` from the class attributes ``view_rule``,
    ``add_rule``, ``change_rule``, ``delete_rule`` — predicates called as ``rule(user, obj)``
    (``obj`` is None for the model-level question); None: nobody. ``locked_fields`` are
    read-only in every form, for everyone (status, publication dates…): a field that is
    read-only is not in the form, so posting it changes nothing.
``ScopedAdminMixin``
    A user sees a subset of the rows (``scope_q``), in every view — changelist, change page
    (others' ids are "not found"), counts, search, autocomplete, history, actions.
``ReviewAdminMixin``
    Review decisions (``Decision``) taken through a workflow's services: buttons with a reason
    box on the change page, and bulk admin actions named ``<decision>_selected`` (a decision
    that needs a reason asks for it on an intermediate page). Refusals (``TransitionRefused``,
    ``ValidationError``) become admin error messages. ``review_rule``: who may review at all.
``EventInline``
    The history panel: a reviewed object's transition events, which nobody can add, edit or
    delete in the admin. Event models are never registered on their own.
``RulesFromParentInline`` / ``ReadOnlyInline``
    Inlines allowed what the parent admin allows (view with view, edit with change), or shown
    to whoever may view the parent and changed by nobody in the admin.
``ServiceAdminMixin``
    Saves and deletes (change form, inlines, delete page, bulk delete) through services, each
    leaving its audit row: the admin is not a second write path.
``BigTableAdmin``
    For tables that grow with the campaign: no full counts.
"""

from .inlines import EventInline, ReadOnlyInline, RulesFromParentInline
from .lists import BigTableAdmin, EstimatedCountPaginator
from .review import Decision, ReviewAdminMixin
from .rules import RuleAdminMixin, ScopedAdminMixin, path_value
from .saving import ServiceAdminMixin

__all__ = [
    "BigTableAdmin",
    "Decision",
    "EstimatedCountPaginator",
    "EventInline",
    "ReadOnlyInline",
    "ReviewAdminMixin",
    "RuleAdminMixin",
    "RulesFromParentInline",
    "ScopedAdminMixin",
    "ServiceAdminMixin",
    "path_value",
]
