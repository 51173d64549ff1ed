package org.proxytrunks.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The data directory and the signing key files are for their owner only (POSIX 0700 and 0600). */
class OwnerOnlyTest {

    @TempDir
    Path temp;

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theKeysAreMadeInAnOwnerOnlyDirectoryAsOwnerOnlyFiles() throws IOException {
        Path data = OwnerOnly.directory(temp.resolve("data"));
        SigningKeys keys = SigningKeys.loadOrCreate(data.resolve("jwt"));

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("jwt"))).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("jwt").resolve(SigningKeys.PRIVATE_KEY_FILE))).isEqualTo("rw-------");
        assertThat(permissions(keys.publicKeyFile())).isEqualTo("rw-------");
    }

    @Test
    void permissionsLeftOpenByAnEarlierStartAreTightened() throws IOException {
        Path jwt = temp.resolve("data").resolve("jwt");
        SigningKeys.loadOrCreate(jwt);
        Files.setPosixFilePermissions(temp.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(jwt, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(jwt.resolve(SigningKeys.PRIVATE_KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(jwt.resolve(SigningKeys.PUBLIC_KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnly.directory(temp.resolve("data"));
        SigningKeys.load(jwt);

        assertThat(permissions(temp.resolve("data"))).isEqualTo("rwx------");
        assertThat(permissions(jwt)).isEqualTo("rwx------");
        assertThat(permissions(jwt.resolve(SigningKeys.PRIVATE_KEY_FILE))).isEqualTo("rw-------");
        assertThat(permissions(jwt.resolve(SigningKeys.PUBLIC_KEY_FILE))).isEqualTo("rw-------");
    }
}
