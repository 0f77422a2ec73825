from django.urls import path

from .views import attention, caseload, cohort, invitations, learners, plans, review

app_name = "counselor"
urlpatterns = [
    path("", attention.needs_attention, name="attention"),
    path("caseload/", caseload.caseload, name="caseload"),
    path("export.csv", caseload.export, name="export"),
    path("cohort/", cohort.cohort, name="cohort"),
    path("cohort.csv", cohort.export, name="cohort_export"),
    path("cohort/then-and-now/", cohort.compare, name="cohort_compare"),
    path("learners/<int:learner_id>/", learners.learner, name="learner"),
    path("learners/<int:learner_id>/results/<int:pk>/", learners.result, name="result"),
    path(
        "learners/<int:learner_id>/results/<int:pk>/reviewed/",
        review.mark_reviewed,
        name="mark_reviewed",
    ),
    path(
        "learners/<int:learner_id>/results/<int:pk>/levels/",
        review.validate,
        name="validate",
    ),
    path("learners/<int:learner_id>/notes/", review.add_note, name="add_note"),
    path(
        "learners/<int:learner_id>/notes/<int:pk>/edit/",
        review.edit_note,
        name="edit_note",
    ),
    path(
        "learners/<int:learner_id>/notes/<int:pk>/delete/",
        review.delete_note,
        name="delete_note",
    ),
    path(
        "learners/<int:learner_id>/actions/",
        review.add_action_item,
        name="add_action_item",
    ),
    path(
        "learners/<int:learner_id>/plans/<slug:slug>/",
        plans.add_item,
        name="add_plan_item",
    ),
    path("invitations/", invitations.invitations, name="invitations"),
    path("invitations/send/", invitations.send_invitations, name="send_invitations"),
    path(
        "invitations/<int:pk>/resend/",
        invitations.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "invitations/<int:pk>/revoke/",
        invitations.revoke_invitation,
        name="revoke_invitation",
    ),
]
