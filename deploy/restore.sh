#!/bin/sh
# Restore a dump made by deploy/backup.sh into a fresh, empty database, bring its schema up
# to this code's migrations, and republish every stored score snapshot to Redis.
#
#   DATABASE_URL=postgres://lantern:PASSWORD@HOST/lantern_restored deploy/restore.sh DUMP
#
# DATABASE_URL names the new database, created beforehand and empty, e.g.
#   sudo -u postgres createdb --owner=lantern lantern_restored
# The script refuses a database that already has tables: a restore never overwrites data.
# REDIS_URL and the other settings are read as by the web server (lantern.env); run it from
# the code's directory (/opt/lantern, or /app in the container).
set -eu

dump="${1:?usage: deploy/restore.sh DUMP   (DATABASE_URL names the fresh database)}"
: "${DATABASE_URL:?DATABASE_URL is not set (the fresh database to restore into)}"
[ -r "$dump" ] || { echo "restore: cannot read $dump" >&2; exit 2; }
cd "$(dirname "$0")/.."
python=python3
if [ -x .venv/bin/python ]; then python=.venv/bin/python; fi

tables="$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != "0" ]; then
    echo "restore: the database in DATABASE_URL already has $tables tables; restore into a" \
        "fresh, empty one (createdb), so that nothing is overwritten" >&2
    exit 1
fi

echo "restore: restoring $dump"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$dump"
echo "restore: applying migrations newer than the dump, if any"
"$python" manage.py migrate --no-input
echo "restore: republishing every stored score snapshot"
"$python" manage.py scores_republish_all
