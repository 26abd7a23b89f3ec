"""Chinese number formats as the platform's figures are read: 32,094 rather than 32094. Django's
own zh_Hans formats leave out the thousands separator (and group by four for it); public
statistics in China group by three with commas, as English does. Dates are Django's."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403 (the rest of the formats unchanged)

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
