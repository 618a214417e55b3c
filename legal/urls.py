from django.urls import path

from . import views
from .models import Kind

app_name = "legal"

# URL word and URL name of each page.
PAGES = [
    (Kind.PRIVACY, "integritet", "privacy"),
    (Kind.ACCESSIBILITY, "tillganglighet", "accessibility"),
    (Kind.CONTACT, "kontakt", "contact"),
]

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("kommun/<slug:slug>/logotyp.png", views.logo, name="logo"),
    path("kommun/<slug:slug>/stil.css", views.identity_css, name="identity-css"),
    path("om-tjansten/", views.overview, name="overview"),
    path("intern/<slug:municipality_slug>/juridik/", views.page_list, name="page-list"),
]
for kind, word, name in PAGES:
    urlpatterns += [
        path(f"kommun/<slug:slug>/{word}/", views.page, {"kind": kind}, name=name),
        path(f"intern/<slug:municipality_slug>/juridik/{word}/", views.page_edit, {"kind": kind}, name=f"{name}-edit"),
    ]
