package dev.ferry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;

/**
 * Ferry's layering, written down once as ArchUnit rules, in the spirit of Kafka Streams'
 * {@code import-control.xml}: authors depend on a tiny API with no dependencies; the engine's
 * internals are visible to nothing outside the engine; everything else (test kit, CLI, tools, plug-ins
 * such as the Avro format) uses the engine's public types and its SPI; dependencies point one way,
 * CLI, tools and plug-ins to engine to API; and nothing depends on the CLI or on a plug-in.
 */
final class FerryLayering {

    static final String API = "dev.ferry.api..";
    static final String ENGINE = "dev.ferry.engine..";
    static final String ENGINE_PUBLIC = "dev.ferry.engine";
    static final String SPI = "dev.ferry.engine.spi..";
    static final String INTERNAL = "dev.ferry.engine.internal..";
    static final String CORE = "dev.ferry.engine.internal";
    static final String CLI = "dev.ferry.cli..";

    private FerryLayering() {
    }

    /** The author's API depends on the JDK alone: no Kafka, no Jackson, nothing of the engine. */
    static final ArchRule API_DEPENDS_ON_NOTHING = classes().that().resideInAPackage(API)
            .should().onlyDependOnClassesThat().resideInAnyPackage(API, "java..")
            .as("the API (dev.ferry.api) depends on nothing but the JDK");

    /** Outside the engine, nothing sees the engine's internals. */
    static final ArchRule INTERNALS_STAY_IN_THE_ENGINE = noClasses().that().resideOutsideOfPackage(ENGINE)
            .should().dependOnClassesThat().resideInAPackage(INTERNAL)
            .as("nothing outside the engine uses dev.ferry.engine.internal");

    /** The seams are the engine's public types and its SPI only. */
    static final ArchRule SPI_DOES_NOT_LEAK_INTERNALS = noClasses().that().resideInAPackage(SPI)
            .should().dependOnClassesThat().resideInAPackage(INTERNAL)
            .as("the SPI does not use the engine's internals");

    /**
     * The built-in plug-ins (the JSON format, the Java runtime, the Kafka sinks) are written against
     * the SPI and the public types alone, as any plug-in of a platform team is: nothing of the
     * engine's core.
     */
    static final ArchRule BUILT_IN_PLUG_INS_USE_ONLY_THE_SPI = noClasses()
            .that().resideInAnyPackage("dev.ferry.engine.internal.json..", "dev.ferry.engine.internal.java..",
                    "dev.ferry.engine.internal.kafka..")
            .should().dependOnClassesThat().resideInAPackage(CORE)
            .as("the built-in plug-ins use only the SPI and the engine's public types");

    /** Nothing depends on the CLI. */
    static final ArchRule NOTHING_USES_THE_CLI = noClasses().that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage(CLI)
            .as("nothing depends on the CLI");

    /** Dependencies point one way: tools (CLI, test kit, ...) to engine to API. */
    static final ArchRule DEPENDENCIES_POINT_DOWN = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("API").definedBy(API)
            .layer("Engine").definedBy(ENGINE)
            .layer("Broker").definedBy("dev.ferry.broker..")
            .layer("Plug-ins").definedBy("dev.ferry.format..")
            .layer("Deploy").definedBy("dev.ferry.kubernetes..")
            .layer("Materialize").definedBy("dev.ferry.materialize..")
            .layer("Proxy").definedBy("dev.ferry.proxy..")
            .layer("Python").definedBy("dev.ferry.python..")
            .layer("Tools").definedBy("dev.ferry.testkit..", CLI, "dev.ferry.faults..", "dev.ferry.benchmark..",
                    "dev.ferry.runbook..", "dev.ferry.hub..", "dev.ferry.testsecurity..")
            .layer("Examples").definedBy("dev.ferry.examples..")
            .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("Plug-ins").mayNotBeAccessedByAnyLayer()
            .whereLayer("Broker").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Deploy").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Materialize").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Proxy").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Python").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Tools", "Plug-ins", "Deploy", "Materialize", "Proxy",
                    "Python")
            .whereLayer("API").mayOnlyBeAccessedByLayers("Engine", "Tools", "Plug-ins", "Examples", "Deploy",
                    "Materialize", "Proxy", "Python")
            .as("dependencies point from the tools and plug-ins to the engine to the API, nothing uses a plug-in "
                    + "but through the SPI, only the CLI uses ferry-kubernetes (which uses the engine's public types), "
                    + "ferry-materialize, ferry-proxy and ferry-python are used by the tools alone and use only the engine's public "
                    + "types, and the "
                    + "examples use only the API");

    /**
     * The engine's core is package-private but for the three bridges its public entry points stand
     * on, so that what is not meant to be used cannot be.
     */
    static final ArchRule CORE_IS_PACKAGE_PRIVATE = classes().that().resideInAPackage(CORE).and().arePublic()
            .and().areTopLevelClasses()
            .should().haveSimpleNameEndingWith("Launcher").orShould().haveSimpleName("LaunchedApp")
            .orShould().haveSimpleName("LocalPipeline")
            .as("the engine's core types are package-private except AppLauncher, LaunchedApp and LocalPipeline");

    /**
     * The hub's web side (pages, API) reads the cluster only through the read model
     * ({@code dev.ferry.hub.HubData} and its views), never through its Kafka implementation or a
     * Kafka client, so another implementation (or access control around it) needs no page changed.
     */
    static final ArchRule HUB_WEB_READS_ONLY_THE_READ_MODEL = noClasses().that().resideInAPackage("dev.ferry.hub.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ferry.hub.kafka..", "org.apache.kafka..")
            .as("the hub's web side (dev.ferry.hub.web) reads only the read model (dev.ferry.hub), not Kafka");

    /** Every rule, for the build's check. */
    static final ArchRule[] ALL = {API_DEPENDS_ON_NOTHING, INTERNALS_STAY_IN_THE_ENGINE, SPI_DOES_NOT_LEAK_INTERNALS,
            BUILT_IN_PLUG_INS_USE_ONLY_THE_SPI, NOTHING_USES_THE_CLI, DEPENDENCIES_POINT_DOWN, CORE_IS_PACKAGE_PRIVATE,
            HUB_WEB_READS_ONLY_THE_READ_MODEL};
}
