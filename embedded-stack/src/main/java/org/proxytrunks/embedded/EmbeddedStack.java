package org.proxytrunks.embedded;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command behind {@code ./run.sh}: {@code serve} runs the MongoDB-protocol server and the
 * Kafka broker in this process until it is stopped; {@code keys} only makes the signing key
 * (docker compose uses it); {@code events} prints the events on the topics; {@code token ...} prints a bearer token signed with the stack's key.
 *
 * <p>Settings come from the environment: {@code PROXYTRUNKS_DATA_DIR} (default {@code .data}),
 * {@code EMBEDDED_HOST} (127.0.0.1), {@code MONGO_PORT} (27017), {@code KAFKA_PORT} (9092),
 * {@code KAFKA_CONTROLLER_PORT} (9093), {@code TOKEN_VALIDITY_HOURS} (12).
 */
public final class EmbeddedStack {

    private EmbeddedStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "embedded-stack-logback.xml");
        }
        Map<String, String> env = System.getenv();
        Path data = OwnerOnly.directory(Path.of(env.getOrDefault("PROXYTRUNKS_DATA_DIR", ".data")).toAbsolutePath());
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "serve" -> serve(env, data);
            case "keys" -> System.out.println("Token verification key " + SigningKeys.loadOrCreate(data.resolve("jwt")).publicKeyFile());
            case "token" -> System.out.println(token(args, data, env));
            case "login" -> System.out.println(signInLink(args, data, env));
            case "events" -> EventPrinter.print(env.getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:" + env.getOrDefault("KAFKA_PORT", "9092")),
                    args.length > 1 && "--follow".equals(args[1]), System.out);
            default -> {
                System.err.println("usage: EmbeddedStack serve | keys | events [--follow] | token god | token brand-admin BRAND_ID | token service [NAME]"
                        + " | login god | login brand-admin BRAND_ID");
                System.exit(2);
            }
        }
    }

    private static void serve(Map<String, String> env, Path data) throws InterruptedException {
        String host = env.getOrDefault("EMBEDDED_HOST", "127.0.0.1");
        SigningKeys keys = SigningKeys.loadOrCreate(data.resolve("jwt"));
        EmbeddedMongoServer mongo = new EmbeddedMongoServer(data.resolve("mongo"), host,
                Integer.parseInt(env.getOrDefault("MONGO_PORT", "27017")));
        EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(data, host,
                Integer.parseInt(env.getOrDefault("KAFKA_PORT", "9092")),
                Integer.parseInt(env.getOrDefault("KAFKA_CONTROLLER_PORT", "9093")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            mongo.stop();
            stopped.countDown();
        }, "embedded-stack-shutdown"));
        mongo.start();
        System.out.println("MongoDB protocol on " + mongo.connectionString());
        System.out.println("MONGO READY");
        kafka.start();
        System.out.println("Kafka on " + kafka.bootstrapServers());
        System.out.println("Token verification key " + keys.publicKeyFile());
        System.out.println("EMBEDDED STACK READY");
        stopped.await();
    }

    /**
     * A one-time sign-in link to the dashboard: the gateway takes the token in it once, within
     * ten minutes of its minting, and holds it in the session it opens (the token's own validity,
     * {@code TOKEN_VALIDITY_HOURS}, is how long the session can last). The gateway's address is
     * {@code GATEWAY_URL}, else {@code http://127.0.0.1:GATEWAY_PORT}.
     */
    static String signInLink(String[] args, Path data, Map<String, String> env) {
        String kind = args.length > 1 ? args[1] : "";
        if (kind.equals("service")) {
            throw new IllegalArgumentException("login is for people: god or brand-admin BRAND_ID");
        }
        String gateway = env.getOrDefault("GATEWAY_URL", "http://127.0.0.1:" + env.getOrDefault("GATEWAY_PORT", "8080"));
        return gateway + "/sign-in?token=" + token(args, data, env);
    }

    static String token(String[] args, Path data, Map<String, String> env) {
        TokenMinter minter = new TokenMinter(SigningKeys.load(data.resolve("jwt")), Clock.systemUTC());
        Duration validity = Duration.ofHours(Long.parseLong(env.getOrDefault("TOKEN_VALIDITY_HOURS", "12")));
        String kind = args.length > 1 ? args[1] : "";
        return switch (kind) {
            case "god" -> minter.god(validity);
            case "brand-admin" -> {
                if (args.length < 3) {
                    throw new IllegalArgumentException("token brand-admin needs a BRAND_ID");
                }
                yield minter.brandAdmin(args[2], validity);
            }
            case "service" -> minter.service(args.length > 2 ? args[2] : "platform", validity);
            default -> throw new IllegalArgumentException("token kind must be god, brand-admin BRAND_ID or service");
        };
    }
}
