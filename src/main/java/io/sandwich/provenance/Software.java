package io.sandwich.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The software a run ran on.
 *
 * @param sandwich sandwich's version
 * @param commit the git commit sandwich was built from ("unknown" outside a git checkout), with "-dirty" when the
 *     build had uncommitted changes
 * @param java the Java runtime's version and vendor
 * @param os the operating system's name, version and architecture
 */
public record Software(String sandwich, String commit, String java, String os) {
    /** This process's software; the version and commit come from the build ({@code io/sandwich/build.properties}). */
    public static Software current() {
        Properties p = new Properties();
        try (InputStream in = Software.class.getResourceAsStream("/io/sandwich/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a build without the file reports "unknown"
        }
        String commit = p.getProperty("git.commit.id.abbrev", "unknown");
        if (Boolean.parseBoolean(p.getProperty("git.dirty", "false"))) {
            commit += "-dirty";
        }
        return new Software(p.getProperty("git.build.version", "unknown"), commit,
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }
}
