from django.urls import path

from . import views

app_name = "doorbraak"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("signalen/", views.signal_list, name="signal_list"),
    path("signalen/<id:pk>/vrijgeven/", views.signal_release, name="signal_release"),
    path("acties/<id:pk>/gedaan/", views.action_complete, name="action_complete"),
    path("<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<id:pk>/inbrengen/", views.item_nominate, name="item_nominate"),
    path("<id:pk>/deelnemers/", views.participant_invite, name="participant_invite"),
    path("<id:pk>/vaststellen/", views.agenda_fix, name="agenda_fix"),
    path("<id:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<id:pk>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<id:pk>/punten/<id:item_pk>/plaatsen/", views.item_place, name="item_place"),
    path("<id:pk>/punten/<id:item_pk>/terugtrekken/", views.item_withdraw, name="item_withdraw"),
    path("<id:pk>/punten/<id:item_pk>/verplaatsen/", views.item_move, name="item_move"),
    path("<id:pk>/punten/<id:item_pk>/delen/", views.item_share, name="item_share"),
    path("<id:pk>/vergadering/", views.meeting_run, name="meeting_run"),
    path("<id:pk>/vergadering/afsluiten/", views.meeting_close, name="meeting_close"),
    path("<id:pk>/vergadering/<id:item_pk>/", views.item_run, name="item_run"),
    path(
        "<id:pk>/vergadering/<id:item_pk>/doorbraak/",
        views.breakthrough_record,
        name="breakthrough_record",
    ),
    path("<id:pk>/vergadering/<id:item_pk>/actie/", views.action_add, name="action_add"),
    path("<id:pk>/vergadering/<id:item_pk>/uitstellen/", views.item_postpone, name="item_postpone"),
]
