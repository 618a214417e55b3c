from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements and citizen pledges")

    def ready(self) -> None:
        from portal.sections import NavLink, register_internal_section, register_nav_link, register_public_section

        from . import sections

        register_nav_link(NavLink(label=_("Agreements"), url_name="agreements:agreement-list", order=30))
        # Commitments due are reached from the pledge list and the municipality's page.
        register_nav_link(NavLink(label=_("Citizen pledges"), url_name="agreements:pledge-list", order=31))
        register_public_section(
            sections.public_section,
            order=20,
            models=[
                f"agreements.{name}"
                for name in (
                    "Agreement",
                    "PriorityArea",
                    "AgreementSignatory",
                    "CitizenPledge",
                    "PledgeSignatory",
                    "FocusArea",
                    "Commitment",
                    "ProgressUpdate",
                    "Evaluation",
                )
            ],
        )
        register_internal_section(sections.internal_section, order=30)

    def load_demo(self, municipalities: dict) -> None:
        from . import demo

        demo.load(municipalities)
