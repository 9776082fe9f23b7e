package io.sandwich.api;

import io.sandwich.provenance.Software;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The versions that matter when reporting a problem: sandwich's and its commit, Java's, and those of the native
 * bindings, read from the bindings' Maven metadata so that nothing native is loaded.
 */
final class Versions {
    private Versions() {
    }

    static Map<String, String> all() {
        Software s = Software.current();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("sandwich", s.sandwich() + " (commit " + s.commit() + ")");
        v.put("java", s.java());
        v.put("os", s.os());
        String openblas = artifact("org.bytedeco", "openblas");
        int dash = openblas.indexOf('-');
        v.put("openblas", dash < 0 ? openblas : openblas.substring(0, dash) + " (bytedeco javacpp "
                + openblas.substring(dash + 1) + ")");
        v.put("jcuda", artifact("org.jcuda", "jcuda") + " (jcublas " + artifact("org.jcuda", "jcublas")
                + ", jcusparse " + artifact("org.jcuda", "jcusparse") + ")");
        return v;
    }

    /** The version in an artifact's {@code pom.properties} on the class path, or "not on the class path". */
    private static String artifact(String group, String id) {
        String path = "META-INF/maven/" + group + "/" + id + "/pom.properties";
        try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return "not on the class path";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
