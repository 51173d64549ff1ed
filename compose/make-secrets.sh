#!/bin/sh
# Makes the passwords of the docker compose stack, one file each in compose/secrets/, where they are
# missing (docs/secrets.md says who gets which). With --replace NAME..., writes new ones into those
# files in place, so that the containers that mount them see the new value at once; then follow
# the rotation steps of docs/secrets.md.
#
# The files are readable by all (0644) because compose mounts a file secret as it is on the host,
# and the containers read them as their own users (services 10001, Kafka 1000, MongoDB 999); the
# directory is the owner's only (0700), which keeps the other users of this host out.
set -eu

dir=$(cd "$(dirname "$0")" && pwd)/secrets
names="kafka-admin kafka-address-service kafka-assignment-service kafka-projector-service kafka-kamailio-sync-service
mongo-root mongo-address-service mongo-assignment-service mongo-projector-service mongo-kamailio-sync-service"

password() {
    LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32
}

mkdir -p "$dir"
chmod 0700 "$dir"
[ -f "$dir/.gitignore" ] || echo '*' > "$dir/.gitignore"

if [ "${1:-}" = --replace ]; then
    shift
    [ "$#" -gt 0 ] || { echo "usage: $0 --replace NAME..." >&2; exit 2; }
    for name in "$@"; do
        case " $(echo $names) " in
            *" $name "*) ;;
            *) echo "unknown secret $name; the secrets are: $(echo $names)" >&2; exit 2 ;;
        esac
        value=$(password)
        printf '%s' "$value" > "$dir/$name"
        chmod 0644 "$dir/$name"
        echo "new password in $dir/$name"
    done
    exit 0
fi

for name in $names; do
    if [ ! -s "$dir/$name" ]; then
        password > "$dir/$name"
        chmod 0644 "$dir/$name"
        echo "made $dir/$name"
    fi
done
