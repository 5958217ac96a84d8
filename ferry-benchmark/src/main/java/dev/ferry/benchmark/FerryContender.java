package dev.ferry.benchmark;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import java.util.List;
import java.util.Optional;

/**
 * Ferry: {@link FerryBenchApp} run by {@link FerryEngine} with a profile that sets nothing but the
 * bootstrap servers, so every client setting is Ferry's own. The app is chosen by its name, which is
 * the run's consumer group; its topics must be the run's (they are fixed by the annotation). The
 * {@code FERRY_*} variables of the environment (which the contender JVM inherits) are read too, so a
 * run can measure a setting: {@code FERRY_LINEAGE=false}, {@code FERRY_ANNOUNCE_TOPIC=}.
 */
final class FerryContender implements ContenderRunner {

    private final RunningApp app;

    private FerryContender(RunningApp app) {
        this.app = app;
    }

    static ContenderRunner start(RunSpec spec) {
        AppDescriptor app = AppDescriptor.of(FerryBenchApp.class, spec.group());
        PlatformProfile profile = PlatformProfile.builder().environment(System.getenv())
                .bootstrapServers(spec.bootstrap()).build();
        return running(app, spec, profile);
    }

    /** Starts {@code app}, whose topics must be the run's, with {@code profile}. */
    static ContenderRunner running(AppDescriptor app, RunSpec spec, PlatformProfile profile) {
        if (!app.topics().equals(List.of(spec.inputTopic())) || !app.output(spec.outputTopic()).isPresent()) {
            throw new IllegalArgumentException("the Ferry contender's topics are fixed by its @Ferry annotation: app '"
                    + app.name() + "' reads " + app.topics() + " and writes " + app.outputs().get(0).topic()
                    + ", not " + spec.inputTopic() + " and " + spec.outputTopic());
        }
        return new FerryContender(FerryEngine.start(app, profile));
    }

    @Override
    public Optional<String> failure() {
        AppStatus status = app.status();
        if (status.state() == AppStatus.State.HALTED || status.state() == AppStatus.State.STOPPED) {
            return Optional.of("app " + status.app() + " is " + status.state()
                    + status.failure().map(f -> " at " + f.position() + ": " + f.message()).orElse(""));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        app.close();
    }
}
