package org.proxytrunks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A password kept in a file of its own (a docker compose secret under {@code /run/secrets}), read
 * when a service starts. The line break an editor or {@code echo} leaves at its end is not part of
 * the password. Errors name the file, never its content.
 */
public final class SecretFile {

    private SecretFile() {
    }

    /**
     * The password in {@code file}, without trailing line breaks.
     *
     * @param setting the setting that named the file, for the error message
     * @throws IllegalStateException when the file cannot be read or holds no password
     */
    public static String read(String file, String setting) {
        if (file == null || file.isBlank()) {
            throw new IllegalStateException(setting + " is not set: it must name the file that holds the password");
        }
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password file " + file + " (" + setting + ")", e);
        }
        String password = content.replaceAll("[\\r\\n]+$", "");
        if (password.isEmpty()) {
            throw new IllegalStateException("the password file " + file + " (" + setting + ") is empty");
        }
        return password;
    }
}
