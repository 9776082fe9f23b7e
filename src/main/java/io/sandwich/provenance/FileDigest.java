package io.sandwich.provenance;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A file or a data folder with the SHA-256 of its content.
 *
 * @param path absolute path, as given when the run started
 * @param sha256 hex digest: of the file's bytes, or for a dataset of its files (each file's name and digest, in name
 *     order, and what was declared of their shapes), so that a copied or moved folder keeps its digest
 */
public record FileDigest(Path path, String sha256) {
    /** The digest of one file. */
    public static FileDigest ofFile(Path file) {
        return new FileDigest(file.toAbsolutePath().normalize(), hex(digestOf(file)));
    }

    /** The digest of a data folder's {@code .txt} files. */
    public static FileDigest ofFolder(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return ofFiles(dir, s.filter(p -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
                    .toList(), "");
        } catch (IOException e) {
            throw new SandwichException(dir + ": could not list the data folder: " + e.getMessage(), e);
        }
    }

    /**
     * The digest of a dataset's {@code files}, named relative to {@code origin} (a folder, or a manifest, whose folder
     * they are named from and which is among them), and of {@code declared}, what the user declared of their
     * shapes (none: empty). For a folder of {@code .txt} files and nothing declared it equals
     * {@link #ofFolder}'s.
     */
    public static FileDigest ofFiles(Path origin, List<Path> files, String declared) {
        Path base = Files.isDirectory(origin) ? origin : origin.toAbsolutePath().getParent();
        MessageDigest all = newDigest();
        for (Path f : files.stream().map(p -> base.toAbsolutePath().relativize(p.toAbsolutePath())).sorted()
                .toList()) {
            all.update((f + "\0" + hex(digestOf(base.resolve(f))) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!declared.isEmpty()) {
            all.update(("declared\0" + declared + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new FileDigest(origin.toAbsolutePath().normalize(), hex(all.digest()));
    }

    private static byte[] digestOf(Path file) {
        MessageDigest md = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (IOException e) {
            throw new SandwichException(file + ": could not read the file: " + e.getMessage(), e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
