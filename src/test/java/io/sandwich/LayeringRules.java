package io.sandwich;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
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
                                "me.tongfei..").or(valuesUnder(root)))
                        .as("the command line works through the api alone (besides the records and enums that"
                                + " the api's options and results are made of)"),
                slices().matching(root + ".(**)").should().beFreeOfCycles().as("no package cycles"));
    }

    /** The records and enums of the project: values the api hands out, which the command line may read. */
    private static DescribedPredicate<JavaClass> valuesUnder(String root) {
        return DescribedPredicate.describe("records or enums under " + root,
                c -> c.getPackageName().startsWith(root) && (c.isRecord() || c.isEnum()));
    }
}
