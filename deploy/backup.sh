#!/bin/sh
# Dump Lantern's database into DIRECTORY (default /var/lib/lantern/backups) and delete dumps
# older than BACKUP_KEEP_DAYS (default 14). Run nightly by systemd/lantern-backup.timer;
# needs DATABASE_URL (from /etc/lantern/lantern.env) and pg_dump (postgresql-client).
#
#   deploy/backup.sh [DIRECTORY]
#
# The dump is pg_dump's custom format (compressed; pg_restore can restore it into a fresh
# database, see deploy/restore.sh). It is written under a temporary name and renamed when
# complete, so a dump that is there is whole, and an interrupted one never replaces an older.
set -eu

dir="${1:-/var/lib/lantern/backups}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
: "${DATABASE_URL:?DATABASE_URL is not set (the database to back up)}"
case "$keep_days" in
    ''|*[!0-9]*) echo "backup: BACKUP_KEEP_DAYS must be a whole number of days" >&2; exit 2 ;;
esac

umask 077
mkdir -p "$dir"
name="lantern-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$dir/.$name.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --no-owner --no-privileges --file="$partial" --dbname="$DATABASE_URL"
mv "$partial" "$dir/$name"
trap - EXIT
echo "backup: wrote $dir/$name ($(wc -c <"$dir/$name") bytes)"

# Only whole dumps count; keep at least the newest even if the clock jumped.
find "$dir" -maxdepth 1 -name 'lantern-*.dump' -type f -mtime "+$keep_days" \
    ! -name "$name" -print -delete | sed 's/^/backup: deleted /'
