package io.clinicnode.bench.generate;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.clinicnode.appliance.patient.PatientEvents;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WritePath;
import io.clinicnode.installer.InstallerException;

/**
 * Registers {@link SyntheticPatients} through a node's write path exactly as the API does (one journaled
 * {@code patient.registered} event each, applied to H2 and synced in groups), not by writing SQL. It keeps a
 * bounded window of changes in flight, so the single journal writer always finds a full group waiting
 * while memory stays bounded.
 *
 * <p>A change the data refuses (a CPF some earlier patient already holds) is counted and replaced by the
 * next synthetic patient, so the requested number is registered.
 *
 * <p>Not thread-safe: one caller thread runs {@link #generate}.
 */
public final class PatientGenerator {
    /** Username recorded as the actor of generated changes (and in their audit entries). */
    public static final String ACTOR = "generator";
    private static final int MAX_ROUNDS = 10;

    private final WritePath writes;
    private final SyntheticPatients patients;
    private final int window;
    private final Duration reportEvery;
    private final Consumer<String> progress;

    /**
     * @param window      most changes in flight at once
     * @param reportEvery how often a progress line goes to {@code progress}
     */
    public PatientGenerator(WritePath writes, SyntheticPatients patients, int window, Duration reportEvery,
                            Consumer<String> progress) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
        this.writes = writes;
        this.patients = patients;
        this.window = window;
        this.reportEvery = reportEvery;
        this.progress = progress;
    }

    /**
     * Registers {@code count} patients, starting with synthetic patient number {@code firstIndex}.
     *
     * @throws InstallerException when a change fails for any reason other than a refusal by the data
     */
    public Result generate(long firstIndex, long count) {
        Semaphore inFlight = new Semaphore(window);
        AtomicLong registered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long started = System.nanoTime();
        long nextReport = started + reportEvery.toNanos();
        long index = firstIndex;
        for (int round = 1; registered.get() < count && failure.get() == null; round++) {
            if (round > MAX_ROUNDS) {
                throw new InstallerException("After " + MAX_ROUNDS + " rounds only " + registered.get() + " of " + count
                        + " patients were registered (" + refused.get() + " refused as duplicates). The data directory holds"
                        + " patients whose documents collide with the generated ones; use a new data directory.");
            }
            long missing = count - registered.get();
            for (long i = 0; i < missing && failure.get() == null; i++, index++) {
                acquire(inFlight, 1);
                writes.submit(new Change(PatientEvents.REGISTERED, patients.id(index), ACTOR, patients.patient(index).toJson()))
                        .whenComplete((event, error) -> {
                            if (error == null) {
                                registered.incrementAndGet();
                            } else if (error instanceof RejectedChange) {
                                refused.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, error);
                            }
                            inFlight.release();
                        });
                long now = System.nanoTime();
                if (now >= nextReport) {
                    progress.accept(progressLine(registered.get(), count, now - started));
                    nextReport = now + reportEvery.toNanos();
                }
            }
            // Wait for the round's last changes: every permit back means nothing is in flight.
            acquire(inFlight, window);
            inFlight.release(window);
        }
        Throwable error = failure.get();
        if (error != null) {
            throw new InstallerException("Writing generated patients failed after " + registered.get() + " of " + count
                    + ": " + error.getMessage(), error);
        }
        return new Result(registered.get(), refused.get(), index, Duration.ofNanos(System.nanoTime() - started));
    }

    private static String progressLine(long registered, long count, long elapsedNanos) {
        double perSecond = registered / (elapsedNanos / 1e9);
        return String.format("%,12d / %,d patients  %,8.0f patients/s", registered, count, perSecond);
    }

    private static void acquire(Semaphore semaphore, int permits) {
        try {
            semaphore.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while generating patients; those acknowledged so far are kept.", e);
        }
    }

    /**
     * @param registered patients written (durable and applied)
     * @param refused    generated patients the data refused (duplicate document) and that were replaced
     * @param nextIndex  the synthetic patient index a further run should start from
     * @param elapsed    wall time taken
     */
    public record Result(long registered, long refused, long nextIndex, Duration elapsed) {
        public double perSecond() {
            return registered / (elapsed.toNanos() / 1e9);
        }
    }
}
