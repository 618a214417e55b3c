"""Ceilings: the least Django can do for each kind of request, through the
same middleware stack, server and database as the portal's own pages."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .models import BenchNote
from .tasks import noop


class NoteForm(forms.Form):
    text = forms.CharField(max_length=200)
    place = forms.CharField(max_length=100, required=False)
    anonymous = forms.BooleanField(required=False)


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


def form_page(request: HttpRequest) -> HttpResponse:
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = BenchNote.objects.create(text=form.cleaned_data["text"])
        noop.delay(note.pk)
        return redirect("bench:form")
    return render(request, "bench/form.html", {"form": form})
