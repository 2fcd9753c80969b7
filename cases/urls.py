from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("casussen/", views.my_cases, name="my_cases"),
    path("casussen/team/", views.team_overview, name="team_overview"),
    path("casussen/<id:pk>/", views.case_detail, name="case_detail"),
    path("casussen/<id:pk>/wijzigen/", views.case_update, name="case_update"),
    path("casussen/<id:pk>/status/", views.case_status, name="case_status"),
    path("casussen/<id:pk>/regisseur/", views.case_coordinator, name="case_coordinator"),
    path("casussen/<id:pk>/opschaling/", views.case_scaling, name="case_scaling"),
    path("casussen/<id:pk>/journaal/", views.case_journal, name="case_journal"),
    path("casussen/<id:pk>/journaal/nieuw/", views.journal_add, name="journal_add"),
    path("casussen/<id:pk>/geschiedenis/", views.case_history, name="case_history"),
    path("casussen/<id:pk>/betrokkenen/nieuw/", views.involvement_add, name="involvement_add"),
    path(
        "casussen/<id:pk>/betrokkenen/<id:involvement_pk>/",
        views.involvement_update,
        name="involvement_update",
    ),
    path("casussen/<id:pk>/plan/", views.plan_update, name="plan_update"),
    path("casussen/<id:pk>/plan/doelen/nieuw/", views.goal_add, name="goal_add"),
    path("casussen/<id:pk>/plan/doelen/<id:goal_pk>/", views.goal_update, name="goal_update"),
    path("casussen/<id:pk>/voorzieningen/nieuw/", views.intervention_add, name="intervention_add"),
    path("inwoners/nieuw/", views.resident_create, name="resident_create"),
    path("inwoners/<id:pk>/", views.resident_detail, name="resident_detail"),
    path("inwoners/<id:pk>/wijzigen/", views.resident_update, name="resident_update"),
    path("inwoners/<id:pk>/bsn/", views.resident_reveal_bsn, name="resident_reveal_bsn"),
    path("huishoudens/nieuw/", views.household_create, name="household_create"),
    path("huishoudens/<id:pk>/", views.household_detail, name="household_detail"),
    path("huishoudens/<id:pk>/wijzigen/", views.household_update, name="household_update"),
    path(
        "huishoudens/<id:pk>/leden/nieuw/", views.household_add_member, name="household_add_member"
    ),
    path(
        "huishoudens/<id:pk>/leden/registreren/",
        views.household_new_member,
        name="household_new_member",
    ),
    path("huishoudens/<id:household_pk>/casus/", views.case_open, name="case_open"),
]
