from django.urls import path

from .views import counselor, counselor_cohort, counselor_invitations, counselor_review

app_name = "counselor"
urlpatterns = [
    path("", counselor.caseload, name="caseload"),
    path("export.csv", counselor.export, name="export"),
    path("cohort/", counselor_cohort.cohort, name="cohort"),
    path("learners/<int:learner_id>/", counselor.learner, name="learner"),
    path("learners/<int:learner_id>/results/<int:pk>/", counselor.result, name="result"),
    path(
        "learners/<int:learner_id>/results/<int:pk>/levels/",
        counselor_review.validate,
        name="validate",
    ),
    path("learners/<int:learner_id>/notes/", counselor_review.add_note, name="add_note"),
    path(
        "learners/<int:learner_id>/actions/",
        counselor_review.add_action_item,
        name="add_action_item",
    ),
    path("invitations/", counselor_invitations.invitations, name="invitations"),
    path(
        "invitations/<int:pk>/revoke/",
        counselor_invitations.revoke_invitation,
        name="revoke_invitation",
    ),
]
