import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0011_chart_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoreRecomputeDue",
            fields=[
                (
                    "requester",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="score_due",
                        serialize=False,
                        to="reviews.requester",
                    ),
                ),
                ("since", models.DateTimeField()),
                ("marks", models.PositiveBigIntegerField(default=1)),
            ],
            options={
                "indexes": [models.Index(fields=["since"], name="reviews_sco_since_34f00e_idx")],
            },
        ),
    ]
