"""Party's posts and claims are activities' posts, shifts and sign-ups now (their rows were
copied by activities' 0003): drop party's two tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('party', '0003_roll_in_organisations'),
        ('activities', '0003_rota_party_posts'),
    ]

    operations = [
        migrations.DeleteModel(name='Claim'),
        migrations.DeleteModel(name='Post'),
    ]
