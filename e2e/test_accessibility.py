"""WCAG 2.2 AA: axe-core on every page type at desktop and 375 px, and the keyboard alone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment, Rating
from assessments.report import validated_readiness_percent
from counseling.models import ActionItem, Assignment, Invitation, Note

pytestmark = pytest.mark.browser

PUBLIC_PAGES = {
    "home": "/",
    "roles": "/roles/",
    "role": "/roles/mlops-engineer/",
    "signup": "/accounts/signup/",
    "login": "/accounts/login/",
    "not-found": "/no-such-page/",
}


@pytest.fixture
def sign_in(log_in, password):
    """`sign_in(page, user)` through the login form."""
    return lambda page, user: log_in(page, user.email, password)


@pytest.fixture
def learner_with_history(catalog, make_user, submit_result):
    """A learner with two results, counselor feedback, levels and an action item: a full report."""
    learner = make_user("learner@example.com", "Lena Learner")
    counselor = make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])
    submit_result(learner, catalog, level=2)
    latest = submit_result(learner, catalog, level=3, levels={"python": 5, "docker": 1})
    Rating.objects.filter(assessment=latest, skill__slug__in=["python", "docker"]).update(
        validated_level=2
    )
    latest.validated_readiness = validated_readiness_percent(latest)
    latest.save(update_fields=["validated_readiness"])
    Assignment.objects.assign(counselor=counselor, learner=learner)
    Note.objects.create(learner=learner, author=counselor, assessment=latest, body="Great start")
    ActionItem.objects.add(learner=learner, author=counselor, text="Finish a Docker tutorial")
    return learner


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_have_no_wcag_violations(page, live_server, catalog, audit, name):
    page.goto(PUBLIC_PAGES[name])
    assert audit(page, name) == []


def test_form_errors_have_no_wcag_violations(
    page, live_server, catalog, make_user, password, audit, sign_in
):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("nia@example.com")
    page.get_by_label("Your name").fill("Nia New")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill("something else entirely")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("You must type the same password each time")).to_be_visible()
    problems = audit(page, "signup-errors")

    sign_in(page, make_user("learner@example.com"))
    page.goto("/assessments/new/mlops-engineer/")
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_role("alert").first).to_contain_text("need attention")
    problems += audit(page, "assessment-errors")
    assert problems == []


@pytest.mark.parametrize(
    "name, url",
    [
        ("assessment-form", "/assessments/new/mlops-engineer/"),
        ("dashboard", "latest"),
        ("my-assessments", "/assessments/"),
        ("account-data", "/accounts/data/"),
    ],
)
def test_learner_pages_have_no_wcag_violations(
    page, live_server, learner_with_history, audit, sign_in, name, url
):
    sign_in(page, learner_with_history)
    if url == "latest":
        url = Assessment.objects.get(is_latest=True).get_absolute_url()
    page.goto(url)
    assert audit(page, name) == []


@pytest.fixture
def counselor_with_caseload(learner_with_history):
    return Assignment.objects.get().counselor


@pytest.mark.parametrize(
    "name", ["attention", "caseload", "learner", "cohort", "compare", "invitations", "note"]
)
def test_counselor_pages_have_no_wcag_violations(
    page, live_server, counselor_with_caseload, audit, sign_in, name
):
    learner = Assignment.objects.get().learner
    note = Note.objects.filter(author=counselor_with_caseload).first()
    Invitation.objects.create(counselor=counselor_with_caseload)
    Invitation.objects.create(counselor=counselor_with_caseload, email="ada@example.com")
    urls = {
        "attention": reverse("counselor:attention"),
        "caseload": reverse("counselor:caseload"),
        "learner": f"/counselor/learners/{learner.pk}/",
        "cohort": "/counselor/cohort/",
        "compare": "/counselor/cohort/then-and-now/",
        "invitations": "/counselor/invitations/",
        "note": f"/counselor/learners/{learner.pk}/notes/{note.pk}/edit/",
    }
    sign_in(page, counselor_with_caseload)
    response = page.goto(urls[name])
    assert response.ok, f"{urls[name]} answered {response.status}"
    assert audit(page, f"counselor-{name}") == []


def test_charts_have_text_alternatives_and_gaps_do_not_rely_on_colour(
    page, live_server, learner_with_history, sign_in
):
    sign_in(page, learner_with_history)
    page.goto(Assessment.objects.get(is_latest=True).get_absolute_url())
    charts = page.locator("svg.chart:visible")
    expect(charts).to_have_count(2)  # skill levels (one of its two layouts), readiness over time
    for chart in charts.all():
        expect(chart).to_have_attribute("role", "img")
    # The text alternative says what the picture shows, gaps included.
    expect(charts.first).to_have_accessible_name(re.compile(r"below the required level.*Docker"))
    expect(charts.last).to_have_accessible_name(re.compile(r"\d+%"))
    # Every gap is said in words next to its coloured meter, every met requirement too.
    docker = page.get_by_role("row", name=re.compile(r"^Docker "))
    expect(docker).to_contain_text("3 levels short")
    expect(page.get_by_role("row", name=re.compile(r"^Python ")).first).to_contain_text("Met")


def test_the_cohort_heatmap_prints_every_value_and_repeats_them_in_a_table(
    page, live_server, counselor_with_caseload, sign_in
):
    sign_in(page, counselor_with_caseload)
    page.goto("/counselor/cohort/")
    heatmap = page.get_by_role("region", name="Gaps by skill", exact=True)
    expect(heatmap.get_by_role("img")).to_have_accessible_name(re.compile("prints its value"))
    docker = heatmap.get_by_role("row", name=re.compile(r"^Docker "))
    expect(docker).to_contain_text(re.compile(r"\d+\.\d"))


def test_the_assessment_can_be_completed_with_the_keyboard_alone(
    page, live_server, catalog, make_user, sign_in
):
    learner = make_user("learner@example.com", "Lena Learner")
    sign_in(page, learner)
    page.goto("/assessments/new/mlops-engineer/")
    skills = page.locator("fieldset.skill-group").count()
    focused = page.locator("*:focus")

    def focused_outline():
        return focused.evaluate(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }"
        )

    # Tab from the top of the page, past the skip link and the menu, to the list of skills;
    # its first link (Enter) takes the keyboard to the first skill.
    for _ in range(20):
        page.keyboard.press("Tab")
        assert focused_outline()[0] != "none", "focus is not visible"
        if focused.get_attribute("data-skill"):
            break
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    for number in range(skills):
        expect(focused).to_have_attribute("type", "radio")
        # Arrow keys move within a skill: five steps from None reach Expert.
        for key in ["ArrowRight", "ArrowDown", "ArrowRight", "ArrowDown", "ArrowRight"]:
            page.keyboard.press(key)
        expect(focused).to_be_checked()
        expect(focused).to_have_attribute("value", "5")
        style, width = focused_outline()
        assert style != "none" and width != "0px", f"no visible focus on skill {number + 1}"
        page.keyboard.press("Tab")  # to "What each level means"
        expect(focused).to_have_text(re.compile("^What each level means"))
        page.keyboard.press("Tab")  # to the evidence field
        expect(focused).to_have_attribute("type", "text")
        page.keyboard.press("Tab")  # to the next skill, or the buttons that end the form
    expect(page.locator(".form-actions [data-progress]")).to_have_text(
        f"{skills} of {skills} rated"
    )
    expect(focused).to_have_accessible_name("Submit assessment")
    assert focused_outline()[0] != "none"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="MLOps engineer readiness")).to_be_visible()
    expect(
        page.get_by_text("You meet 100% of what the MLOps engineer role asks for")
    ).to_be_visible()
    result = Assessment.objects.get()
    assert result.readiness == 100 and set(result.ratings.values_list("level", flat=True)) == {5}
