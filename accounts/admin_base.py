"""The admin as the campaign's roles use it: the campaign office decides, city offices read.

The bases every app's admin starts from (``benchmarking.admin_scoping`` adds the rows of a
city); every save and delete they make goes through a service (``core.admin_base.ServiceAdminMixin``).
"""

from core.admin_base import RuleAdminMixin, ServiceAdminMixin

from .rules import is_campaign_office, is_city_office


class OfficeAdminMixin(ServiceAdminMixin, RuleAdminMixin):
    """The campaign office's business: it views, adds, changes and deletes; nobody else."""

    view_rule = is_campaign_office
    add_rule = is_campaign_office
    change_rule = is_campaign_office
    delete_rule = is_campaign_office


class ReadableByCityOfficesMixin(OfficeAdminMixin):
    """Reference data: the campaign office edits it, city offices read it."""

    view_rule = is_campaign_office | is_city_office
