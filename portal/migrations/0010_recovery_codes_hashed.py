"""Recovery codes were stored as django-otp static tokens in plain text:
replace each by its keyed digest (portal.two_factor.recovery_code_digest).
A digest fills the token's 16 characters; a plain code has 8, so codes
already hashed are left alone and the migration can run twice."""

import base64

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac

# Frozen copies of portal.two_factor's salt and digest: a migration must not
# change when the module does.
RECOVERY_DEVICE = "recovery"
RECOVERY_SALT = "portal.two_factor.recovery-code"
DIGEST_LENGTH = 16


def _digest(code: str) -> str:
    mac = salted_hmac(RECOVERY_SALT, code.strip().lower(), secret=settings.SECRET_KEY, algorithm="sha256")
    return base64.b32encode(mac.digest()).decode()[:DIGEST_LENGTH].lower()


def hash_plain_recovery_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    plain = StaticToken.objects.filter(device__name=RECOVERY_DEVICE).exclude(token__regex=rf"^.{{{DIGEST_LENGTH}}}$")
    for token in plain.iterator():
        token.token = _digest(token.token)
        token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0009_municipality_resident_languages"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        # Irreversible in effect: the plain codes are gone, which is the point.
        migrations.RunPython(hash_plain_recovery_codes, migrations.RunPython.noop),
    ]
