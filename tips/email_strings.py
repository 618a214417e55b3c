"""Strings of templates/emails/tip-new-*, which live outside this app and so
outside its translation catalog; listed here so makemessages finds them."""

from django.utils.translation import gettext_noop

EMAIL_STRINGS = [
    gettext_noop("New tip #%(number)s to %(name)s"),
    gettext_noop("New tip #%(number)s"),
    gettext_noop("A resident has sent a new tip (#%(number)s) to %(name)s in Trygghetsportalen."),
    gettext_noop("Open it here (you need to log in):"),
    gettext_noop("Open the tip (you need to log in)"),
    gettext_noop(
        "To protect the resident, this email contains nothing of what the tip says. Do not forward tips by email."
    ),
    gettext_noop("You get this email because you are a coordinator in Trygghetsportalen."),
]
