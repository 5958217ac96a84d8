package dev.ferry.architecture;

import dev.ferry.cli.fixture.ReachesIntoTheEngine;

/** Breaks the layering on purpose, for {@code LayeringTest}: a class outside the CLI that uses it. */
final class EngineUsingTheCli {

    private EngineUsingTheCli() {
    }

    static Object use() {
        return ReachesIntoTheEngine.class;
    }
}
