"""The learner's side of counseling, under /assessments/: action items, caseloads, invitations."""

from django.urls import path

from .views import follow_up, joining

app_name = "counseling"
urlpatterns = [
    path("actions/<int:pk>/toggle/", follow_up.toggle_action_item, name="toggle_action_item"),
    path("counselors/<int:counselor_id>/leave/", follow_up.leave_caseload, name="leave_caseload"),
    path("join/<slug:token>/", joining.accept, name="accept_invitation"),
]
