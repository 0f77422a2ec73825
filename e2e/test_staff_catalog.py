"""A content editor keeps the catalog: restores a descriptor from its history, imports courses,
and the MLOps role's admin page stays short and quick."""

import re

import pytest
from playwright.sync_api import expect

from roles.catalog import load_catalog
from roles.models import CONTENT_EDITORS_GROUP, Course, Role, SkillLevel

pytestmark = pytest.mark.browser

HEADER = "slug,title,provider,url,hours,cost,description,skills\n"
GOOD = "docker-basics,Docker basics,Acme,https://example.com/docker,10,Free,,docker:2\n"
BAD = "k8s-deep-dive,Kubernetes deep dive,Acme,https://example.com/k8s,12,,,kubernetes:9\n"
FIXED = BAD.replace("kubernetes:9", "kubernetes:3")


@pytest.fixture
def editor_page(page, make_user, password):
    # load_catalog, as `make run` does, so every row starts with its first version in history.
    load_catalog()
    make_user("staff@example.com", "Stan Staff", groups=[CONTENT_EDITORS_GROUP], is_staff=True)
    page.goto("/admin/")
    page.get_by_label("Email").fill("staff@example.com")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def test_an_edited_descriptor_is_in_its_history_and_the_old_text_comes_back(editor_page):
    page = editor_page
    descriptor = SkillLevel.objects.get(skill__slug="python", level=5)
    old_text = descriptor.description

    page.goto(f"/admin/roles/skill/{descriptor.skill_id}/change/")
    page.locator("textarea[name='levels-5-description']").fill("Writes Python in their sleep.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    descriptor.refresh_from_db()
    assert descriptor.description == "Writes Python in their sleep."

    # The descriptor's row links to its history: the edit, by whom, and the version before.
    page.goto(f"/admin/roles/skill/{descriptor.skill_id}/change/")
    page.locator("#levels-5").get_by_role("link", name=re.compile("^History")).click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("staff@example.com")
    expect(history).to_contain_text("Writes Python in their sleep.")
    history.get_by_role("row").last.get_by_role("link").first.click()
    expect(page.locator("textarea[name='description']")).to_have_value(old_text)
    page.get_by_role("button", name=re.compile("Revert")).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    descriptor.refresh_from_db()
    assert descriptor.description == old_text


def upload(page, content):
    page.goto("/admin/roles/course/import/")
    page.get_by_label("File to import").set_input_files(
        {"name": "courses.csv", "mimeType": "text/csv", "buffer": content.encode()}
    )
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()


def test_a_course_list_with_a_bad_row_is_previewed_fixed_and_imported(
    editor_page, axe_violations, screenshot
):
    page = editor_page
    before = Course.objects.count()

    upload(page, HEADER + GOOD + BAD)
    expect(page.get_by_text("Nothing was imported: 1 of 2 rows have errors")).to_be_visible()
    rows = page.locator("#import-rows tbody tr")
    expect(rows.nth(0)).to_contain_text("New")
    expect(rows.nth(1)).to_contain_text("Error")
    expect(rows.nth(1)).to_contain_text("level from 1 to 5")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    screenshot(page, "staff-import-preview-errors")
    assert axe_violations(page) == []
    assert Course.objects.count() == before

    upload(page, HEADER + GOOD + FIXED)
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text(re.compile("Import finished"))).to_be_visible()
    assert Course.objects.count() == before + 2
    taught = Course.objects.get(slug="k8s-deep-dive").teaches.get()
    assert (taught.skill.slug, taught.level) == ("kubernetes", 3)


def test_the_mlops_role_page_is_short(editor_page, screenshot):
    page = editor_page
    role = Role.objects.get(slug="mlops-engineer")
    page.goto(f"/admin/roles/role/{role.pk}/change/")
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "staff-role-change-page")
    # Its rendering time is measured outside the test server, whose template instrumentation
    # slows every render (see docs/content-editing.md); its queries are pinned in
    # roles/tests/test_admin.py.
    assert height < 3000, f"{height} px tall"
    assert width <= 1280, f"{width} px wide"
