package dev.ferry.benchmark;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;

/**
 * Ferry in the slow scenario: {@link FerrySlowApp} (or {@link FerrySlowAsyncApp}) chosen by the run's
 * group, run by {@link FerryEngine} with a profile that sets the bootstrap servers and {@code concurrency}:
 * the run's for {@code ferry-concurrent} and {@code ferry-async}, 1 for {@code ferry-sequential}.
 */
final class FerrySlowContender {

    private FerrySlowContender() {
    }

    static ContenderRunner start(RunSpec spec) {
        FerrySlowApp.waitMs = spec.waitMs();
        Class<?> type = spec.group().equals(FerrySlowAsyncApp.OUTPUT) ? FerrySlowAsyncApp.class : FerrySlowApp.class;
        AppDescriptor app = AppDescriptor.of(type, spec.group());
        int concurrency = spec.group().equals(FerrySlowApp.SEQUENTIAL_OUTPUT) ? 1 : spec.concurrency();
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers(spec.bootstrap())
                .set("concurrency", Integer.toString(concurrency)).build();
        return FerryContender.running(app, spec, profile);
    }
}
