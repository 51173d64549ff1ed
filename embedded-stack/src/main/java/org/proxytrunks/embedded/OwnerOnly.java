package org.proxytrunks.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only POSIX permissions for what the embedded stack keeps on disk: the data directory
 * holds the stored events and read models, and the token signing key, with which anyone could
 * mint a God token. Directories are {@code 0700}, key files {@code 0600}, whatever the umask;
 * permissions of an earlier start are tightened too. On a file system without POSIX permissions
 * nothing is changed.
 */
public final class OwnerOnly {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Makes {@code directory} (and its missing parents) and leaves it {@code 0700}. */
    public static Path directory(Path directory) {
        try {
            Files.createDirectories(directory);
            restrict(directory, DIRECTORY);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + directory + " readable by its owner only", e);
        }
    }

    /** Leaves {@code file} {@code 0600}. */
    static void file(Path file) throws IOException {
        restrict(file, FILE);
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
