package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README and every page under {@code docs/}: each relative link and anchor resolves, and each
 * {@code scripts/sandwich COMMAND --flag} written in them names an option that command accepts.
 */
class DocumentationTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern COMMAND = Pattern.compile("scripts/sandwich ([a-z][a-z-]*)((?: +[^ `|\\n]+)*)");

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.walk(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http(s), mailto: not checked offline
                }
                int hash = target.indexOf('#');
                Path file = hash == 0 ? page : page.resolveSibling(hash < 0 ? target : target.substring(0, hash))
                        .normalize();
                if (!Files.exists(file)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyWrittenCommandUsesOptionsItAccepts() throws IOException {
        Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            String text = Files.readString(page).replaceAll(" \\\\\\R\\s*", " ");
            Matcher m = COMMAND.matcher(text);
            while (m.find()) {
                CommandLine c = commands.get(m.group(1));
                if (c == null) {
                    wrong.add(page + ": no command \"" + m.group(1) + "\" in " + m.group());
                    continue;
                }
                Set<String> names = c.getCommandSpec().options().stream().flatMap(o -> Stream.of(o.names()))
                        .collect(Collectors.toSet());
                for (String token : m.group(2).strip().split(" +")) {
                    String flag = token.replaceAll("[=\\[\\]].*$", "").replaceAll("[,.;:)'\"]+$", "");
                    if (flag.startsWith("--") && flag.length() > 2 && !names.contains(flag)) {
                        wrong.add(page + ": " + m.group(1) + " has no option " + flag);
                    }
                }
                checked++;
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked > 20, "found " + checked + " written commands");
    }

    /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.matches("#{1,6} .*"))
                .map(l -> l.replaceFirst("#+ ", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
