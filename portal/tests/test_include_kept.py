"""`{% include_kept %}`: the same output as the include it replaces, drawn
again when what it shows changes, and never keyed on a model instance."""

import pytest
from django.template import Context, Template
from django.utils import translation

from portal import pagecache
from situation_reports.charts import trend_chart
from situation_reports.selectors import CategorySeries, Trend
from situation_reports.weeks import IsoWeek

WEEK = IsoWeek(2025, 10)
CHART = "situation_reports/includes/trend_chart.html"
TABLE = "situation_reports/includes/trend_table.html"


def trend(*values: int, name: str = "Skadegörelse <b>") -> Trend:
    weeks = [WEEK.shifted(offset) for offset in range(-(len(values) - 1), 1)]
    return Trend(weeks=weeks, series=[CategorySeries(1, name, list(values))])


def render(source: str, **context) -> str:
    return Template("{% load kept %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_kept_chart_and_table_are_what_the_includes_render(language):
    numbers = trend(3, 0, 1200, 7)
    context = {"chart": trend_chart(numbers, WEEK), "trend": numbers, "week": WEEK}
    with translation.override(language):
        included = render(f'{{% include "{CHART}" with prefix="trend" %}}{{% include "{TABLE}" %}}', **context)
        arguments = 'chart=chart trend=trend week=week prefix="trend"'
        kept_source = f'{{% include_kept "{CHART}" {arguments} %}}{{% include_kept "{TABLE}" trend=trend %}}'
        first = render(kept_source, **context)
        kept = render(kept_source, **context)
    assert first == kept == included
    assert "Skadegörelse &lt;b&gt;" in kept and "1200" in kept


def test_a_changed_count_name_or_language_is_drawn_again():
    def table(numbers: Trend) -> str:
        return render(f'{{% include_kept "{TABLE}" trend=trend %}}', trend=numbers)

    assert ">4<" in table(trend(1, 4))
    assert ">5<" in table(trend(1, 5))
    assert "Klotter" in table(trend(1, 5, name="Klotter"))
    with translation.override("en"):
        assert ">Total<" in table(trend(1, 5))
    assert ">Totalt<" in table(trend(1, 5))
    assert len(pagecache._fragments.entries) == 4


def test_a_model_instance_is_refused_as_a_key(municipality_a):
    with pytest.raises(TypeError, match="model instance"):
        render(f'{{% include_kept "{TABLE}" trend=municipality %}}', municipality=municipality_a)
