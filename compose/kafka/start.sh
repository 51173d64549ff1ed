#!/bin/sh
# The compose stack's Kafka broker (apache/kafka image): server.properties beside this script with
# the admin logins added, the log directory formatted on the first start with the SCRAM credential
# of the admin and of every service (the secrets kafka-<user>), then the broker in the foreground.
# It also leaves the admin's client settings for the health check, apply-acls.sh's tools and the
# operator (docs/secrets.md). Users added later, and new passwords, go in with set-scram-password.sh.
set -eu

here=$(dirname "$0")
kafka_home=${KAFKA_HOME:-/opt/kafka}
secrets=${SECRETS_DIR:-/run/secrets}
config_dir=${KAFKA_RUNTIME_CONFIG:-$kafka_home/config}
data_dir=$(sed -n 's/^log\.dirs=//p' "$here/server.properties")
users="admin address-service assignment-service projector-service kamailio-sync-service"

secret() {
    tr -d '\r\n' < "$secrets/kafka-$1"
}

admin_password=$(secret admin)
umask 077
config="$config_dir/compose-server.properties"
{
    cat "$here/server.properties"
    echo
    echo "listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin_password\";"
    echo "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$admin_password\" user_admin=\"$admin_password\";"
} > "$config"
{
    echo "security.protocol=SASL_PLAINTEXT"
    echo "sasl.mechanism=SCRAM-SHA-512"
    echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin_password\";"
} > "$config_dir/compose-admin.properties"

if [ ! -f "$data_dir/meta.properties" ]; then
    set --
    for user in $users; do
        set -- "$@" --add-scram "SCRAM-SHA-512=[name=$user,password=$(secret "$user")]"
    done
    "$kafka_home/bin/kafka-storage.sh" format --config "$config" \
        --cluster-id "$("$kafka_home/bin/kafka-storage.sh" random-uuid)" "$@"
fi

exec "$kafka_home/bin/kafka-server-start.sh" "$config"
