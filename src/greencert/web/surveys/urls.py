"""Survey URLs: the public link (/s/<token>/) and the staff pages."""

from django.urls import path

from greencert.web.surveys.views import public, review, staff

urlpatterns = [
    # Public, no login: the token is the only key (printed on posters; keep stable).
    path("s/<slug:token>/", public.answer, name="survey_answer"),
    path("s/<slug:token>/thanks/", public.thanks, name="survey_thanks"),
    # Staff.
    path("projects/<int:pk>/surveys/", staff.survey_list, name="survey_list"),
    path("projects/<int:pk>/surveys/new/", staff.survey_create, name="survey_create"),
    path("surveys/<int:sid>/", staff.survey_detail, name="survey_detail"),
    path("surveys/<int:sid>/state/", staff.survey_state, name="survey_state"),
    path("surveys/<int:sid>/accept/", staff.survey_accept, name="survey_accept"),
    path("surveys/<int:sid>/poster.pdf", staff.survey_poster, name="survey_poster"),
    path("surveys/<int:sid>/review/", review.survey_review, name="survey_review"),
    path(
        "surveys/<int:sid>/responses/<int:rid>/review/",
        review.response_review,
        name="survey_response_review",
    ),
    path(
        "surveys/<int:sid>/responses/review/",
        review.responses_review,
        name="survey_responses_review",
    ),
    path("surveys/<int:sid>/import/", review.survey_import, name="survey_import"),
    path("surveys/<int:sid>/template.xlsx", review.survey_template, name="survey_template"),
]
