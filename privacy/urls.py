"""The privacy officer's screens at /privacy/, and the professional's side of privacy work
(recording shares and consents, emergency access, answering the officer's questions).
Each block belongs to one views module."""

from django.urls import path

from .views import casework, log, requests, retention, review

app_name = "privacy"

urlpatterns = [
    # Overview and the access log (views/log.py)
    path("privacy/", log.dashboard, name="dashboard"),
    path("privacy/toegangslog/", log.log_search, name="log_search"),
    path(
        "privacy/toegangslog/inwoner/<id:resident_pk>/", log.log_for_resident, name="log_resident"
    ),
    path("privacy/toegangslog/medewerker/<id:user_pk>/", log.log_for_user, name="log_user"),
    # Review queue (views/review.py)
    path("privacy/wachtrij/", review.review_queue, name="review_queue"),
    path("privacy/wachtrij/<id:pk>/", review.review_detail, name="review_detail"),
    path("privacyvragen/", review.my_questions, name="my_questions"),
    path("privacyvragen/<id:pk>/", review.question_answer, name="question_answer"),
    # Retention, legal hold, rectification and erasure (views/retention.py)
    path("privacy/bewaartermijnen/", retention.retention_overview, name="retention"),
    path(
        "privacy/bewaartermijnen/<id:case_pk>/bewaarplicht/",
        retention.legal_hold,
        name="legal_hold",
    ),
    path(
        "privacy/inwoners/<id:resident_pk>/rectificatie/",
        retention.rectification,
        name="rectification",
    ),
    path("privacy/inwoners/<id:resident_pk>/verwijdering/", retention.erasure, name="erasure"),
    # Residents' requests and the subject access request (views/requests.py)
    path("privacy/inwoners/<id:resident_pk>/", requests.resident_privacy, name="resident"),
    path(
        "privacy/inwoners/<id:resident_pk>/inzage/",
        requests.access_request,
        name="access_request",
    ),
    path(
        "privacy/verzoeken/<id:pk>/inzage.pdf",
        requests.access_request_pdf,
        name="access_request_pdf",
    ),
    path(
        "privacy/verzoeken/<id:pk>/inzage.json",
        requests.access_request_json,
        name="access_request_json",
    ),
    # The professional's side (views/casework.py)
    path("noodtoegang/", casework.emergency_access_start, name="emergency_start"),
    path(
        "noodtoegang/<id:pk>/beeindigen/",
        casework.emergency_access_end,
        name="emergency_end",
    ),
    path("casussen/<id:case_pk>/delingen/", casework.share_list, name="share_list"),
    path("casussen/<id:case_pk>/delingen/nieuw/", casework.share_add, name="share_add"),
    path("casussen/<id:case_pk>/toestemmingen/nieuw/", casework.consent_add, name="consent_add"),
    path(
        "casussen/<id:case_pk>/toestemmingen/<id:consent_pk>/intrekken/",
        casework.consent_withdraw,
        name="consent_withdraw",
    ),
]
