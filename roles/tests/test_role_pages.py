import pytest

from roles.models import Role

pytestmark = pytest.mark.django_db


def test_home_introduces_the_mlops_role_and_leads_to_the_assessment(client, catalog):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "MLOps engineer" in page
    assert "/assessments/new/mlops-engineer/" in page
    assert page.count("<main") == 1
    assert 'lang="en"' in page and "Skip to main content" in page


def test_roles_page_lists_published_roles_only(client, catalog):
    Role.objects.filter(slug="data-scientist").update(is_published=False)
    page = client.get("/roles/").content.decode()
    for title in ["MLOps engineer", "Machine learning engineer", "DevOps engineer"]:
        assert title in page
    assert "Data scientist" not in page


def test_unknown_or_unpublished_role_is_404(client, catalog):
    assert client.get("/roles/no-such-role/").status_code == 404
    Role.objects.filter(slug="devops-engineer").update(is_published=False)
    assert client.get("/roles/devops-engineer/").status_code == 404


def test_role_page_shows_every_seed_fact(client, catalog):
    page = client.get("/roles/mlops-engineer/").content.decode()
    # Responsibilities in the three areas.
    for area in ["Development", "Deployment", "Management and monitoring"]:
        assert area in page
    # Skills the article names, and those its responsibilities imply.
    for skill in [
        "Python",
        "C++",
        "Java",
        "CI/CD",
        "Docker",
        "Kubernetes",
        "Collaboration",
        "Communication",
        "Organization",
        "Agile",
    ]:
        assert skill in page, skill
    # Salaries with their sources.
    for fact in ["$87,220", "$136,500", "$121,339", "$107,910", "ZipRecruiter", "Glassdoor"]:
        assert fact in page, fact
    # Outlook facts with their sources.
    for fact in [
        "40",
        "World Economic Forum",
        "$13 billion",
        "Skillsoft",
        "17",
        "140,100",
        "36",
        "Bureau of Labor Statistics",
    ]:
        assert fact in page, fact
    for industry in ["Banking", "Health care", "Manufacturing", "Marketing and sales", "Retail"]:
        assert industry in page
    assert "bachelor" in page.lower()
    for similar in [
        "/roles/machine-learning-engineer/",
        "/roles/devops-engineer/",
        "/roles/site-reliability-engineer/",
        "/roles/data-scientist/",
    ]:
        assert similar in page
    assert "IBM Machine Learning Professional Certificate" in page
    assert "Intermediate" in page and "Essential" in page  # level names and importance


def test_similar_role_pages_keep_both_figures_where_the_article_gives_two(client, catalog):
    page = client.get("/roles/machine-learning-engineer/").content.decode()
    assert "$121,339" in page and "$121,250" in page
    page = client.get("/roles/devops-engineer/").content.decode()
    assert "$107,910" in page and "$107,829" in page
    assert "$123,354" in client.get("/roles/site-reliability-engineer/").content.decode()
    assert "$115,545" in client.get("/roles/data-scientist/").content.decode()


def test_role_page_queries_do_not_grow_with_skills(
    client, make_role, django_assert_max_num_queries, django_assert_num_queries
):
    make_role("small", skills=3)
    make_role("large", skills=40)
    with django_assert_max_num_queries(6) as small:
        assert client.get("/roles/small/").status_code == 200
    with django_assert_num_queries(len(small)):
        assert client.get("/roles/large/").status_code == 200
