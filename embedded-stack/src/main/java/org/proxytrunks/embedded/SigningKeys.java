package org.proxytrunks.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs the embedded stack's bearer tokens. It is made on first start and
 * kept in the data directory, in a directory and files only their owner can read
 * ({@link OwnerOnly}): the private key, and the public key as a PEM file that the services
 * (run by the same user) read to verify tokens.
 */
public final class SigningKeys {

    public static final String PRIVATE_KEY_FILE = "private-key.pem";
    public static final String PUBLIC_KEY_FILE = "public-key.pem";

    private final RSAPrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final Path publicKeyFile;

    private SigningKeys(RSAPrivateKey privateKey, RSAPublicKey publicKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.publicKeyFile = publicKeyFile;
    }

    /** Loads the key pair kept in {@code directory}, making and storing one first when there is none. */
    public static SigningKeys loadOrCreate(Path directory) {
        Path privateFile = directory.resolve(PRIVATE_KEY_FILE);
        Path publicFile = directory.resolve(PUBLIC_KEY_FILE);
        try {
            OwnerOnly.directory(directory);
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                create(privateFile, publicFile);
            }
            OwnerOnly.file(privateFile);
            OwnerOnly.file(publicFile);
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateKey privateKey = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(readPem(privateFile)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(readPem(publicFile)));
            return new SigningKeys(privateKey, publicKey, publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the signing keys in " + directory + " cannot be read", e);
        }
    }

    /** Loads an existing key pair; fails when the embedded stack has not made one yet. */
    public static SigningKeys load(Path directory) {
        if (!Files.exists(directory.resolve(PRIVATE_KEY_FILE))) {
            throw new IllegalStateException("no signing key in " + directory + ": start the stack with ./run.sh first");
        }
        return loadOrCreate(directory);
    }

    public RSAPrivateKey privateKey() {
        return privateKey;
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    private static void create(Path privateFile, Path publicFile) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        writeAtomically(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        writeAtomically(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            OwnerOnly.file(temp);
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] readPem(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
