package dev.ferry.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.ferry.cli.fixture.ReachesIntoTheEngine;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.internal.AppLauncher;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Checks Ferry's layering ({@link FerryLayering}) on the production classes of every module, and
 * shows that a class breaking a rule on purpose makes the check fail.
 */
class LayeringTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ferry");
    }

    static ArchRule[] rules() {
        return FerryLayering.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void the_production_classes_keep_the_rule(ArchRule rule) {
        rule.check(production);
    }

    @Test
    void every_module_is_imported() {
        assertThat(Arrays.asList("dev.ferry.api", "dev.ferry.engine", "dev.ferry.engine.spi", "dev.ferry.engine.internal",
                "dev.ferry.broker", "dev.ferry.testkit", "dev.ferry.cli", "dev.ferry.examples", "dev.ferry.faults",
                "dev.ferry.benchmark", "dev.ferry.format.avro", "dev.ferry.kubernetes",
                "dev.ferry.runbook", "dev.ferry.image", "dev.ferry.hub", "dev.ferry.hub.web", "dev.ferry.materialize",
                "dev.ferry.materialize.jdbc", "dev.ferry.proxy", "dev.ferry.proxy.client", "dev.ferry.proxy.wire",
                "dev.ferry.testsecurity", "dev.ferry.python"))
                .allSatisfy(p -> assertThat(production.containPackage(p)).as(p).isTrue());
    }

    @Test
    void a_cli_class_that_uses_an_engine_internal_breaks_the_check() {
        JavaClasses withFixture = new ClassFileImporter().importClasses(ReachesIntoTheEngine.class, AppLauncher.class,
                FerryEngine.class);

        EvaluationResult internals = FerryLayering.INTERNALS_STAY_IN_THE_ENGINE.evaluate(withFixture);

        assertThat(internals.hasViolation()).isTrue();
        assertThat(internals.getFailureReport().getDetails()).anySatisfy(line -> assertThat(line)
                .contains(ReachesIntoTheEngine.class.getName()).contains(AppLauncher.class.getName()));
    }

    @Test
    void an_engine_class_that_uses_the_cli_breaks_the_check() {
        JavaClasses withFixture = new ClassFileImporter().importClasses(ReachesIntoTheEngine.class,
                dev.ferry.engine.internal.json.JsonFormat.class, EngineUsingTheCli.class);

        assertThat(FerryLayering.NOTHING_USES_THE_CLI.evaluate(withFixture).hasViolation()).isTrue();
    }
}
