"""Strings of templates/emails/briefing-*, which live outside this app and so
outside its translation catalogue; listed here so makemessages finds them.
test_email_strings_cover_the_templates keeps the list complete."""

from django.utils.translation import gettext_noop, pgettext_lazy

EMAIL_STRINGS = [
    gettext_noop("Week %(week)s: add your observations before the meeting – %(municipality)s"),
    gettext_noop("The weekly safety briefing of %(municipality)s for week %(week)s is on %(meeting)s."),
    gettext_noop("Add what %(organisation)s has seen this week before the meeting:"),
    gettext_noop("week %(week)s"),
    gettext_noop(
        "%(organisation)s has already added observations this week. Thank you! "
        "You can add more until the week is closed."
    ),
    gettext_noop("%(organisation)s has not added any observations this week yet."),
    gettext_noop("Contributed so far:"),
    gettext_noop("no organisation yet."),
    gettext_noop("Not yet:"),
    gettext_noop("Open actions of %(organisation)s:"),
    gettext_noop("due %(date)s"),
    gettext_noop("… and %(more)s more on the week's page."),
    gettext_noop("%(organisation)s has no open actions."),
    gettext_noop("The meeting is attached as a calendar file."),
    gettext_noop(
        "You get this email because you take part in the safety collaboration of %(municipality)s "
        "in Trygghetsportalen. You can turn these reminders off on your account page:"
    ),
    gettext_noop("Week %(week)s is closed: the summary – %(municipality)s"),
    gettext_noop("Present at the meeting:"),
    gettext_noop("Decisions:"),
    gettext_noop("Week %(week)s %(year)s of the safety collaboration in %(municipality)s is closed."),
    pgettext_lazy("closed week", "Summary"),
    gettext_noop("The coordinator wrote no summary."),
    pgettext_lazy("closed week", "Joint assessment"),
    gettext_noop("Contributed:"),
    gettext_noop("no organisation."),
    gettext_noop("The whole week, its observations and actions:"),
    gettext_noop(
        "You get this email because you take part in the safety collaboration of %(municipality)s "
        "in Trygghetsportalen. You can turn these summaries off on your account page:"
    ),
]
