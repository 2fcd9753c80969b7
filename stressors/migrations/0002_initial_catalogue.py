"""The stressor catalogue a new installation starts with: (name, leg, life domain, note).
The beheerder adjusts it afterwards in the admin."""

from django.db import migrations

INITIAL_STRESSOR_TYPES: list[tuple[str, str, str, str]] = [
    ("Schulden", "leefomgeving", "financien", "Betalingsachterstanden, schuldeisers, beslag"),
    ("Onvoldoende inkomen", "leefomgeving", "financien", "Inkomen dekt de vaste lasten niet"),
    ("Dreigende huisuitzetting", "leefomgeving", "huisvesting", "Huurachterstand, vonnis"),
    ("Dakloosheid", "leefomgeving", "huisvesting", "Geen eigen woonplek, bankslapen"),
    ("Slechte huisvesting", "leefomgeving", "huisvesting", "Schimmel, overbewoning, onveilig"),
    ("Boetes en incassokosten", "leefomgeving", "financien", "Oplopende boetes en kosten"),
    ("Laaggeletterdheid", "meedoen", "instrumentele_adl", "Moeite met lezen en schrijven"),
    ("Post en formulieren", "leefomgeving", "instrumentele_adl", "Administratie loopt vast"),
    ("Werkloosheid", "meedoen", "werk_opleiding", "Geen werk of opleiding"),
    ("Eenzaamheid", "meedoen", "sociaal_netwerk", "Weinig of geen steunend netwerk"),
    ("Psychische klachten", "continuiteit", "geestelijke_gezondheid", "Ook zonder diagnose"),
    ("Verslaving", "continuiteit", "middelengebruik", "Alcohol, drugs, gokken"),
    ("Lichamelijke gezondheid", "continuiteit", "lichamelijke_gezondheid", "Ziekte, pijn"),
    ("Huiselijk geweld", "leefomgeving", "huiselijke_relaties", "Ook dreiging en controle"),
    ("Opvoedingsstress", "leefomgeving", "huiselijke_relaties", "Zorgen om en met kinderen"),
    ("Contact met justitie", "meedoen", "justitie", "Strafzaak, reclassering, detentie"),
    ("Burenruzie", "meedoen", "maatschappelijke_participatie", "Conflict in de buurt"),
    ("Verlies en rouw", "meedoen", "sociaal_netwerk", "Overlijden, scheiding"),
    (
        "Wisseling of gat in zorg",
        "continuiteit",
        "geestelijke_gezondheid",
        "Hulpverlener vertrekt, wachtlijst, zorg stopt abrupt",
    ),
]


def load_catalogue(apps, schema_editor):
    StressorType = apps.get_model("stressors", "StressorType")
    for name, leg, domain, description in INITIAL_STRESSOR_TYPES:
        StressorType.objects.get_or_create(
            name=name, defaults={"leg": leg, "life_domain": domain, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("stressors", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
