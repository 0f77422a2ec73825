from django.urls import path

from .views import followup, invitations, learner

app_name = "assessments"
urlpatterns = [
    path("", learner.assessment_list, name="list"),
    path("new/<slug:slug>/", learner.start, name="start"),
    path("<int:pk>/", learner.dashboard, name="dashboard"),
    path("<int:pk>/edit/", learner.edit, name="edit"),
    path("actions/<int:pk>/toggle/", followup.toggle_action_item, name="toggle_action_item"),
    path("counselors/<int:counselor_id>/leave/", followup.leave_caseload, name="leave_caseload"),
    path("join/<slug:token>/", invitations.accept, name="accept_invitation"),
]
