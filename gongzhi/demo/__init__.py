"""Demo data: `manage.py seed_demo` and the seeding of every app, at the top of the layers.

Loading a demo community touches every app (accounts, places, people, notifications, votes, ...)
and reads across them (the demo resident's user, a partner unit's contact), so it sits above all
of them and no app imports it. Per-app seeders still living in <app>/demo.py are listed in
seeding.py; they move here as their imports allow.
"""
