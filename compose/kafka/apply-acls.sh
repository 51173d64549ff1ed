#!/bin/sh
# Gives each service's Kafka user the ACLs listed in the file acls beside this script, as the admin
# (a one-shot of the compose stack, run once the broker is healthy, before the services start).
# Adding an ACL that exists changes nothing, so it runs at every "docker compose up"; an ACL taken
# out of the file is not removed from the broker (kafka-acls.sh --remove does that).
set -eu

here=$(dirname "$0")
kafka_home=${KAFKA_HOME:-/opt/kafka}
secrets=${SECRETS_DIR:-/run/secrets}
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}

umask 077
admin=$(mktemp)
trap 'rm -f "$admin"' EXIT
{
    echo "security.protocol=SASL_PLAINTEXT"
    echo "sasl.mechanism=SCRAM-SHA-512"
    echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$(tr -d '\r\n' < "$secrets/kafka-admin")\";"
} > "$admin"

grep -v -e '^#' -e '^[[:space:]]*$' "$here/acls" | while read -r user operations resource pattern name; do
    set --
    for operation in $(echo "$operations" | tr ',' ' '); do
        set -- "$@" --operation "$operation"
    done
    "$kafka_home/bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add \
        --allow-principal "User:$user" "$@" "--$resource" "$name" --resource-pattern-type "$pattern" < /dev/null
done
