package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pooled disk threads: tasks that follow one another, as a tus upload's chunks do, reuse them. */
class DiskThreadsTest {
    private static final int TASKS = 20;

    @Test
    void tasksInTurnRunOnTheThreadsTheirPredecessorsLeft() throws IOException {
        Set<Thread> used = new HashSet<>();
        for (int i = 0; i < TASKS; i++) {
            DiskThreads.await(DiskThreads.run(() -> {
                synchronized (used) {
                    used.add(Thread.currentThread());
                }
            }));
        }
        // a task submitted just before the last one's thread got back to the pool starts another, but not every time
        assertTrue(used.size() < TASKS, "a fresh thread ran each of " + TASKS + " tasks in turn");
        assertTrue(used.stream().allMatch(Thread::isDaemon), "disk threads never keep the process alive");
    }
}
