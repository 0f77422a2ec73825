from django.urls import path

from .views import learner, plans

app_name = "assessments"
urlpatterns = [
    path("", learner.assessment_list, name="list"),
    path("new/<slug:slug>/", learner.start, name="start"),
    path("<int:pk>/", learner.dashboard, name="dashboard"),
    path("<int:pk>/edit/", learner.edit, name="edit"),
    path("plans/<slug:slug>/", plans.plan, name="plan"),
    path("plans/<slug:slug>/adopt/", plans.adopt, name="plan_adopt"),
    path("plans/<slug:slug>/courses/", plans.add_course, name="plan_add_course"),
    path("plans/<slug:slug>/tasks/", plans.add_own, name="plan_add_own"),
    path("plans/<slug:slug>/resources/<int:pk>/", plans.add_resource, name="plan_add_resource"),
    path("plans/items/<int:pk>/", plans.update_item, name="plan_item"),
    path("plans/items/<int:pk>/remove/", plans.remove_item, name="plan_item_remove"),
]
