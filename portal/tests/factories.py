"""Factories of the core. Child factories take their municipality from the
parent, so test data never crosses tenants by accident."""

import factory
from factory.django import DjangoModelFactory

from portal.models import Category, Membership, Municipality, Organisation, Place, Role, User


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")
    kommunkod = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")
    county = "Testlän"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.MUNICIPALITY

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", "trygghet-test")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONTRIBUTOR

    @factory.post_generation
    def link_organisation(self, create, extracted, **kwargs):
        if create:
            self.organisation.municipalities.add(self.municipality)


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Plats {n}")
    kind = Place.Kind.AREA


def category(slug: str = "vandalism-graffiti") -> Category:
    """A category from the seeded list (the data migration creates them)."""
    return Category.objects.get(slug=slug)
