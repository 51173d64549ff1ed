#!/bin/sh
# The entry point of the compose stack's signing-keys service (the embedded-stack image). "keys"
# makes the token signing key pair in /keys when there is none (the volume signing-keys, which only
# this service mounts) and publishes the public key to /jwt (the volume jwt-public-key, which the
# services mount read-only). Any other command is the embedded stack's, e.g. "token god", which
# signs with the private key.
set -eu

if [ "${1:-}" = keys ]; then
    java -jar /app/app.jar keys
    rm -f /jwt/public-key.pem.new
    cp /keys/jwt/public-key.pem /jwt/public-key.pem.new
    chmod 0444 /jwt/public-key.pem.new
    mv -f /jwt/public-key.pem.new /jwt/public-key.pem
    echo "Published the token verification key to /jwt/public-key.pem"
else
    exec java -jar /app/app.jar "$@"
fi
