# One image per module of the suite: docker build --build-arg MODULE=address-service .
# The first stage builds every module with the Maven wrapper; the second keeps one jar.
# /keys (the signing key pair) and /jwt (its public key) are owned by the image's user, so the
# compose volumes mounted there start empty and writable by it.
FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY shared-events shared-events
COPY service-support service-support
COPY embedded-stack embedded-stack
COPY test-support test-support
COPY address-service address-service
COPY assignment-service assignment-service
COPY projector-service projector-service
COPY kamailio-sync-service kamailio-sync-service
COPY gateway gateway
COPY benchmark benchmark
COPY integration-tests integration-tests
RUN ./mvnw -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17.0.15_6-jre-jammy
ARG MODULE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app proxytrunks \
    && mkdir -p /keys /jwt && chown proxytrunks /keys /jwt
WORKDIR /app
COPY --from=build /src/${MODULE}/target/*-exec.jar /app/
RUN set -e; mv /app/*-exec.jar /app/app.jar; find /app -name '*.jar' ! -name app.jar -delete
USER proxytrunks
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Daxoniq.update-checker.disabled=true" BIND_ADDRESS=0.0.0.0
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
