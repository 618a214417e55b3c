from django.urls import include, path

from . import views

bench_patterns = [
    path("hello/", views.hello, name="hello"),
    path("form/", views.form_page, name="form"),
    path("tip/", views.tip_like, name="tip"),
]

urlpatterns = [
    path("bench/", include((bench_patterns, "bench"))),
    path("", include("portal.urls")),
]
