"""The made-up demo data set of `manage.py seed_demo`: its vocabulary and its requesters' plans."""
