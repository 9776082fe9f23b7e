package io.sandwich;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The project's layering as ArchUnit rules over the packages under a root ({@code io.sandwich} for the product, a
 * planted tree for the test that the rules can fail): {@code cli} -> {@code api} -> the rest, strictly downward.
 */
final class LayeringRules {
    private LayeringRules() {
    }

    static List<ArchRule> under(String root) {
        String cli = root + ".cli..";
        String api = root + ".api..";
        return List.of(
                noClasses().that().resideOutsideOfPackage(cli).should().dependOnClassesThat().resideInAPackage(cli)
                        .as("nothing below the command line uses it"),
                noClasses().that().resideOutsideOfPackage(cli).should().dependOnClassesThat()
                        .resideInAPackage("picocli..").as("only the command line imports picocli"),
                noClasses().that().resideOutsideOfPackage(root + ".backend.cuda..").should().dependOnClassesThat()
                        .resideInAPackage("jcuda..").as("only backend.cuda imports jcuda"),
                noClasses().that().resideOutsideOfPackages(cli, api).should().dependOnClassesThat()
                        .resideInAPackage(api).as("only the command line uses the api"),
                classes().that().resideInAPackage(cli).should().onlyDependOnClassesThat(
                        JavaClass.Predicates.resideInAnyPackage(cli, api, root, "java..", "picocli..",
                                "me.tongfei.."))
                        .as("the command line works through the api alone"),
                slices().matching(root + ".(**)").should().beFreeOfCycles().as("no package cycles"));
    }
}
