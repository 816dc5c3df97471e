from django.db import migrations

PLATFORMS = [
    {
        "slug": "mturk",
        "name": "Amazon Mechanical Turk",
        "url": "https://www.mturk.com/",
        "currency": "USD",
        "requester_id_pattern": r"A[A-Z0-9]{9,}",
        "requester_id_hint": "“A” followed by 9 or more capital letters or digits, e.g. A1B2C3D4E5F6G7",
    },
    {
        "slug": "prolific",
        "name": "Prolific",
        "url": "https://www.prolific.com/",
        "currency": "GBP",
        "requester_id_pattern": r"[0-9a-f]{24}",
        "requester_id_hint": "24 lowercase hexadecimal characters, e.g. 5f1a2b3c4d5e6f7a8b9c0d1e",
    },
    {
        "slug": "connect",
        "name": "CloudResearch Connect",
        "url": "https://connect.cloudresearch.com/",
        "currency": "USD",
        "requester_id_pattern": r"[A-Za-z0-9_-]{4,64}",
        "requester_id_hint": "4 to 64 letters, digits, dashes or underscores",
    },
    {
        "slug": "toloka",
        "name": "Toloka",
        "url": "https://toloka.ai/",
        "currency": "USD",
        "requester_id_pattern": r"[A-Za-z0-9_-]{1,64}",
        "requester_id_hint": "1 to 64 letters, digits, dashes or underscores",
    },
    {
        "slug": "clickworker",
        "name": "Clickworker",
        "url": "https://www.clickworker.com/",
        "currency": "EUR",
        "requester_id_pattern": r"[A-Za-z0-9_-]{1,64}",
        "requester_id_hint": "1 to 64 letters, digits, dashes or underscores",
    },
]


def seed(apps, schema_editor):
    Platform = apps.get_model("reviews", "Platform")
    for values in PLATFORMS:
        Platform.objects.update_or_create(slug=values["slug"], defaults=values)


def unseed(apps, schema_editor):
    # Platforms may have requesters by now; leaving them is the safe reverse.
    pass


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
