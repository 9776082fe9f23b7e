package io.sandwich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layering rules hold for the product's classes, and each of them fails on the planted violations. */
class LayeringTest {
    @Test
    void theProductKeepsItsLayers() {
        JavaClasses product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sandwich");
        for (ArchRule rule : LayeringRules.under("io.sandwich")) {
            rule.check(product);
        }
    }

    @Test
    void theApiOwnsTheTypesOfItsPublicSignatures() {
        assertEquals(List.of(), ApiSignatures.outside(classes("io.sandwich.api"), "io.sandwich.api"));
    }

    @Test
    void theSignatureCheckFailsOnAPlantedOne() {
        assertEquals(List.of("io.sandwich.planted.api.PlantedEntry.trainer returns"
                + " io.sandwich.planted.train.PlantedTrainer"), ApiSignatures.outside(classes(
                        "io.sandwich.planted.api"), "io.sandwich.planted.api"));
    }

    /** The classes of {@code pkg} (not its subpackages). */
    private static List<Class<?>> classes(String pkg) {
        List<Class<?>> all = new java.util.ArrayList<>();
        for (var c : new ClassFileImporter().importPackages(pkg)) {
            if (c.getPackageName().equals(pkg)) {
                all.add(c.reflect());
            }
        }
        return all;
    }

    @Test
    void everyRuleFailsOnAPlantedViolation() {
        JavaClasses planted = new ClassFileImporter().importPackages("io.sandwich.planted");
        List<ArchRule> rules = LayeringRules.under("io.sandwich.planted");
        for (ArchRule rule : rules) {
            assertThrows(AssertionError.class, () -> rule.check(planted), rule.getDescription());
        }
    }
}
