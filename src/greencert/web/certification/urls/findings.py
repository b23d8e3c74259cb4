"""From findings to decision: the state page, nonconformities, frozen results, review and decision."""

from django.urls import path

from greencert.web.certification.views import nonconformities, project_states, review, snapshots

P = "projects/<int:pk>/"
NC = P + "nonconformities/<int:nc>/"

urlpatterns = [
    path(P + "state/", project_states.project_state, name="project_state"),
    path(
        P + "state/<str:step>/",
        project_states.project_state_confirm,
        name="project_state_confirm",
    ),
    path(P + "nonconformities/", nonconformities.nonconformity_list, name="nonconformity_list"),
    path(
        P + "nonconformities/new/",
        nonconformities.nonconformity_create,
        name="nonconformity_create",
    ),
    path(NC, nonconformities.nonconformity_detail, name="nonconformity_detail"),
    path(NC + "answer/", nonconformities.nonconformity_answer, name="nonconformity_answer"),
    path(
        NC + "files/<int:file_id>/",
        nonconformities.nonconformity_file,
        name="nonconformity_file",
    ),
    path(NC + "review/", nonconformities.nonconformity_review, name="nonconformity_review"),
    path(NC + "close/", nonconformities.nonconformity_close, name="nonconformity_close"),
    path(P + "snapshots/", snapshots.snapshot_list, name="snapshot_list"),
    path(P + "snapshots/<int:number>/", snapshots.snapshot_detail, name="snapshot_detail"),
    path(P + "review/", review.project_review, name="project_review"),
    path(P + "decision/", review.project_decision, name="project_decision"),
    path(P + "decisions/<int:revision>/", review.decision_detail, name="decision_detail"),
]
