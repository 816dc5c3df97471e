#!/usr/bin/env python
import os
import sys

# Commands that read and write only files (scenarios, reports): nothing they do is signed or
# stored, so they run with no settings at all. backend/settings/ then uses a random key
# that dies with the process instead of refusing to start without SECRET_KEY.
KEYLESS_COMMANDS = {"detect_abuse", "evaluate_abuse", "make_scenario"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ["LANTERN_KEYLESS_COMMAND"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
