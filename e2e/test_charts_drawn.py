"""What the charts draw, measured in Chromium: bar lengths and text sizes as rendered.

The markup of every bar was once right while the browser drew each one at full width (a
Bootstrap rule matched a class inside the SVG); only measuring the page shows that.
"""

import re

import pytest

from assessments.models import Assessment
from counseling.models import Assignment

pytestmark = pytest.mark.browser

# One skill at each level, 0 to 5; the rest at 2.
LEVELS = {"python": 5, "docker": 0, "kubernetes": 1, "sql": 3, "git": 4}
SMALLEST_TEXT = 11  # px, as drawn

# For the skills chart on screen: the scale (its level-0 and level-5 gridlines, the first and
# last lines drawn directly in the <svg>) and every skill's bar, as the browser lays them out.
MEASURE_SKILLS = """() => {
  const chart = [...document.querySelectorAll(".chart-wide svg, .chart-narrow svg")]
    .find(svg => svg.getBoundingClientRect().width > 0);
  const grid = [...chart.children].filter(e => e.tagName === "line");
  const x = e => e.getBoundingClientRect();
  return {
    zero: x(grid[0]).left + x(grid[0]).width / 2,
    five: x(grid[5]).left + x(grid[5]).width / 2,
    skills: [...chart.querySelectorAll("g.chart-skill")].map(g => {
      const bar = g.querySelector("rect.chart-bar");
      return {
        title: g.querySelector("title").textContent,
        left: bar ? x(bar).left : null,
        width: bar ? x(bar).width : 0,
      };
    }),
  };
}"""

# The size every visible chart's text is drawn at: its font size times the chart's scale.
TEXT_SIZES = """() => [...document.querySelectorAll("svg.chart")]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")].map(t => ({
      text: t.textContent,
      px: parseFloat(getComputedStyle(t).fontSize) * scale,
    }));
  })"""


@pytest.fixture
def result(catalog, make_user, submit_result):
    learner = make_user("learner@example.com", "Lena Learner")
    counselor = make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])
    Assignment.objects.assign(counselor=counselor, learner=learner)
    submit_result(learner, catalog, level=1)  # an earlier result: the history chart shows
    return submit_result(learner, catalog, level=2, levels=LEVELS)


def pages_showing(result):
    return {
        "learner@example.com": result.get_absolute_url(),
        "counselor@example.com": f"/counselor/learners/{result.learner_id}/results/{result.pk}/",
    }


@pytest.mark.parametrize("width", ["desktop", "375px"])
def test_every_bar_is_drawn_as_long_as_its_level(
    page, live_server, result, log_in, password, viewports, screenshot, width
):
    page.set_viewport_size(viewports[width])
    for email, url in pages_showing(result).items():
        log_in(page, email, password)
        page.goto(url)
        drawn = page.evaluate(MEASURE_SKILLS)
        per_level = (drawn["five"] - drawn["zero"]) / 5
        assert per_level > 20, f"the scale is {per_level:.1f} px a level at {width}"
        assert len(drawn["skills"]) == Assessment.objects.get(pk=result.pk).ratings.count()
        for skill in drawn["skills"]:
            level = int(re.search(r": you (\d)", skill["title"]).group(1))
            where = f"{skill['title']} ({email} at {width})"
            assert skill["width"] == pytest.approx(level * per_level, abs=1), where
            if level:
                assert skill["left"] == pytest.approx(drawn["zero"], abs=1), where
        screenshot(page, f"charts-{email.split('@')[0]}-{width}")
        page.get_by_role("button", name="Log out").click()


@pytest.mark.parametrize("width", ["desktop", "375px"])
def test_chart_text_is_drawn_at_least_11_px(
    page, live_server, result, log_in, password, viewports, width
):
    page.set_viewport_size(viewports[width])
    for email, url in pages_showing(result).items():
        log_in(page, email, password)
        page.goto(url)
        sizes = page.evaluate(TEXT_SIZES)
        assert len(sizes) > 40  # the skills chart and the history chart, labels and all
        small = [f"{t['text']!r} at {t['px']:.1f} px" for t in sizes if t["px"] < SMALLEST_TEXT]
        assert small == [], f"{email} at {width}"
        page.get_by_role("button", name="Log out").click()
