from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0013_score_recompute_due"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeriodicTaskRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("last_started_at", models.DateTimeField()),
                ("last_finished_at", models.DateTimeField()),
                ("runs", models.PositiveBigIntegerField(default=0)),
            ],
        ),
    ]
