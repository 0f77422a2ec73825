import pytest
from conftest import PASSWORD, make_user
from e2e.conftest import DESKTOP, MOBILE, axe_violations, log_in, submit_result
pytestmark = pytest.mark.browser
F = "() => { const e = document.activeElement; const s = getComputedStyle(e); return [e.tagName, e.id, e.name, e.type, e.checked, s.outlineStyle, s.outlineWidth, s.outlineColor].join(' '); }"
def test_survey(page, live_server, catalog):
    learner = make_user("learner@example.com", "Lena Learner")
    log_in(page, "learner@example.com", PASSWORD)
    page.goto("/assessments/new/mlops-engineer/")
    for i in range(12):
        page.keyboard.press("Tab"); print(i, page.evaluate(F))
    page.keyboard.press("ArrowRight"); print(page.evaluate(F))
    page.keyboard.press("ArrowRight"); print(page.evaluate(F))
    page.keyboard.press("Tab"); print(page.evaluate(F))
    page.keyboard.press("Tab"); print(page.evaluate(F))
    page.keyboard.press("ArrowDown"); print(page.evaluate(F))
    page.keyboard.press("Enter"); page.wait_for_load_state(); print(page.url, page.get_by_role("alert").all_inner_texts()[:2])
    print(page.evaluate(F))
