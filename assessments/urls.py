from django.urls import path

from .views import learner

app_name = "assessments"
urlpatterns = [
    path("", learner.assessment_list, name="list"),
    path("new/<slug:slug>/", learner.start, name="start"),
    path("<int:pk>/", learner.dashboard, name="dashboard"),
    path("<int:pk>/edit/", learner.edit, name="edit"),
]
