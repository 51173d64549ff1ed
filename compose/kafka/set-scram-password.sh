#!/bin/sh
# Sets the SCRAM-SHA-512 password of a Kafka user to the content of its secret file
# (/run/secrets/kafka-<user>), as the admin: for a new password (docs/secrets.md) or a user added
# after the first start. Run in the broker's container:
#   docker compose exec kafka /opt/proxytrunks/kafka/set-scram-password.sh projector-service
set -eu

user=${1:?usage: set-scram-password.sh USER}
kafka_home=${KAFKA_HOME:-/opt/kafka}
secrets=${SECRETS_DIR:-/run/secrets}
config_dir=${KAFKA_RUNTIME_CONFIG:-$kafka_home/config}

"$kafka_home/bin/kafka-configs.sh" --bootstrap-server "${KAFKA_BOOTSTRAP:-localhost:9092}" \
    --command-config "$config_dir/compose-admin.properties" --alter --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[password=$(tr -d '\r\n' < "$secrets/kafka-$user")]"
