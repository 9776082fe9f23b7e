package io.sandwich;

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
    void everyRuleFailsOnAPlantedViolation() {
        JavaClasses planted = new ClassFileImporter().importPackages("io.sandwich.planted");
        List<ArchRule> rules = LayeringRules.under("io.sandwich.planted");
        for (ArchRule rule : rules) {
            assertThrows(AssertionError.class, () -> rule.check(planted), rule.getDescription());
        }
    }
}
