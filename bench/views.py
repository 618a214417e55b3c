"""Ceilings: the least Django can do for each kind of request, through the
same middleware stack, server and database as the portal's own pages."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import TipLikeForm
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


def tip_like(request: HttpRequest) -> HttpResponse:
    """The fair ceiling of the tip POST: the same multipart body parsed into
    a form of the same fields, one INSERT, one enqueue, a small page back."""
    form = TipLikeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        note = BenchNote.objects.create(text=form.cleaned_data["description"][:200])
        noop.delay(note.pk)
        return render(request, "bench/received.html", {"number": note.pk})
    return render(request, "bench/form.html", {"form": form})
