package io.clinicnode.appliance.replication;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.WritePath;
import io.clinicnode.cluster.ClusterChannel;

import org.tinylog.Logger;

/**
 * Brings this node up to what the other members of its view hold: it asks every member how far it has applied each
 * origin, and for each origin it is behind on, fetches the missing events from the member that has the most, in
 * chunks. The origins' events are merged by hybrid logical clock before they are applied, so an event is never
 * applied before an event of another origin that it depends on (its origin had applied that one first, so its clock
 * is later). Runs after every view change (a node joined, left, or a partition healed) and whenever a live event
 * arrives with a gap before it; requests made while it runs coalesce into one more round.
 *
 * <p>{@link #awaitCurrent} tells whether the catch-up for the current view has finished: the leader waits for it
 * before it orders new changes, and a node starting in a cluster serves reads only once it has.
 * A member that sends events of a newer format than this node reads ({@link IncompatibleMessage}) leaves it not
 * current: it says so in the log and asks again every {@link #INCOMPATIBLE_RETRY} until this node is upgraded.
 *
 * <p>Thread-safe; rounds run one at a time on a thread of their own.
 */
final class CatchUp implements AutoCloseable {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    private static final int CHUNK = 2_000;
    private static final int APPLY_BATCH = 1_000;
    private static final int MAX_ROUNDS = 50;
    /** How long to wait before trying again when a member sent what this node cannot read (it needs an upgrade). */
    private static final Duration INCOMPATIBLE_RETRY = Duration.ofSeconds(10);

    private final WritePath writes;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replication-catch-up");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Object progress = new Object();
    private volatile ClusterChannel channel;
    private long requestedGeneration;
    private long finishedGeneration = -1;
    private volatile long eventsFetched;

    CatchUp(WritePath writes) {
        this.writes = writes;
    }

    void attach(ClusterChannel channel) {
        this.channel = channel;
    }

    /** Asks for a round (after a view change or a gap); several requests before it starts make one round. */
    void request() {
        synchronized (progress) {
            requestedGeneration++;
        }
        if (requested.compareAndSet(false, true)) {
            worker.execute(this::runRounds);
        }
    }

    /**
     * Waits until every round requested so far has finished.
     *
     * @return whether it finished within {@code timeout}
     */
    boolean awaitCurrent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long wanted = requestedGeneration;
            while (finishedGeneration < wanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /** Whether every requested round has finished. */
    boolean isCurrent() {
        synchronized (progress) {
            return finishedGeneration >= requestedGeneration;
        }
    }

    /** Events fetched from other nodes since start. */
    long eventsFetched() {
        return eventsFetched;
    }

    private void runRounds() {
        requested.set(false);
        long generation;
        synchronized (progress) {
            generation = requestedGeneration;
        }
        ClusterChannel current = channel;
        boolean complete = false;
        try {
            for (int round = 0; round < MAX_ROUNDS && current != null; round++) {
                if (!round(current)) {
                    complete = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IncompatibleMessage e) {
            // Asking again at once would get the same answer: the cure is an upgrade of this node. Not current
            // meanwhile, so as leader this node orders nothing it might not hold every event for.
            Logger.error("Cannot catch up with the cluster: {}", e.getMessage());
            worker.schedule(this::request, INCOMPATIBLE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        } catch (RuntimeException e) {
            Logger.warn(e, "Catching up with the cluster failed; trying again");
            request();
            return;
        }
        if (current == null) {
            complete = true;
        }
        if (!complete) {
            Logger.warn("Still behind the cluster after {} rounds of catching up; going on", MAX_ROUNDS);
            request();
        }
        synchronized (progress) {
            finishedGeneration = Math.max(finishedGeneration, generation);
            progress.notifyAll();
        }
    }

    /** @return whether this round found something to fetch (so another round may find more) */
    private boolean round(ClusterChannel current) throws InterruptedException {
        Map<String, Long> mine = writes.watermarks().snapshot();
        Map<String, Source> behind = new HashMap<>();
        byte[] question = EventCodec.writer(Messages.PROGRESS, PeerVersions.ofAll(current)).bytes();
        Map<String, Optional<byte[]>> answers = current.askAll(question, ASK_TIMEOUT);
        answers.forEach((member, answer) -> answer.ifPresent(bytes -> {
            EventCodec.Reader reader = EventCodec.reader(bytes);
            if (reader.kind() == Messages.UNREADABLE) {
                Logger.warn("{} cannot read this node's questions and is left out of the catch-up: {}", member,
                        reader.string());
                return;
            }
            if (reader.kind() != Messages.POSITIONS) {
                return;
            }
            reader.positions().forEach((origin, seq) -> {
                long have = mine.getOrDefault(origin, 0L);
                Source best = behind.get(origin);
                if (seq > have && (best == null || seq > best.target)) {
                    behind.put(origin, new Source(origin, member, have + 1, seq));
                }
            });
        }));
        if (behind.isEmpty()) {
            // A member that did not answer may be the one holding what this node lacks (a busy leader, a member still
            // starting): no answer is not "nothing to fetch". Ask again; a member that is gone leaves the view, and
            // the view change asks anew.
            List<String> silent = answers.entrySet().stream().filter(answer -> answer.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList();
            if (!silent.isEmpty()) {
                Logger.info("Catching up: {} did not answer within {} ms; asking again", silent, ASK_TIMEOUT.toMillis());
                return true;
            }
            return false;
        }
        Logger.info("Catching up with the cluster: {}", behind.values().stream()
                .map(source -> source.origin + " " + (source.next - 1) + "→" + source.target + " from " + source.member).toList());
        merge(current, new ArrayList<>(behind.values()));
        return true;
    }

    /** Fetches every source's events and applies them merged in clock order, in bounded batches. */
    private void merge(ClusterChannel current, List<Source> sources) throws InterruptedException {
        List<Event> batch = new ArrayList<>(APPLY_BATCH);
        while (true) {
            for (Source source : sources) {
                if (source.buffer.isEmpty() && source.next <= source.target && !fetch(current, source)) {
                    apply(batch);
                    return; // the member left or failed; the next round asks again
                }
            }
            Optional<Source> earliest = sources.stream().filter(source -> !source.buffer.isEmpty())
                    .min(Comparator.comparingLong((Source source) -> source.buffer.peek().hlc()).thenComparing(source -> source.origin));
            if (earliest.isEmpty()) {
                apply(batch);
                return;
            }
            batch.add(earliest.get().buffer.poll());
            if (batch.size() == APPLY_BATCH) {
                apply(batch);
                batch.clear();
            }
        }
    }

    private boolean fetch(ClusterChannel current, Source source) throws InterruptedException {
        byte[] question = EventCodec.writer(Messages.FETCH, PeerVersions.of(current, source.member)).string(source.origin)
                .number(source.next).number(CHUNK).bytes();
        try {
            byte[] answer = current.ask(source.member, question, FETCH_TIMEOUT).get();
            EventCodec.Reader reader = EventCodec.reader(answer);
            List<Event> events = reader.kind() == Messages.EVENTS ? reader.events() : List.of();
            if (events.isEmpty() || events.getFirst().originSeq() != source.next) {
                Logger.warn("{} had no events of {} from {} on after all", source.member, source.origin, source.next);
                return false;
            }
            source.buffer.addAll(events);
            source.next = events.getLast().originSeq() + 1;
            eventsFetched += events.size();
            return true;
        } catch (ExecutionException e) {
            Logger.warn("Could not fetch events of {} from {}: {}", source.origin, source.member, e.getCause().getMessage());
            return false;
        }
    }

    private void apply(List<Event> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            writes.submitFacts(batch).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not apply " + batch.size() + " events fetched from the cluster: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** Where to fetch one origin's missing events from, and what has been fetched but not applied yet. */
    private static final class Source {
        private final String origin;
        private final String member;
        private final long target;
        private final ArrayDeque<Event> buffer = new ArrayDeque<>();
        private long next;

        private Source(String origin, String member, long next, long target) {
            this.origin = origin;
            this.member = member;
            this.next = next;
            this.target = target;
        }
    }
}
