package io.clinicnode.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.process.NodeClient;

/**
 * Part (c): patient search latency over HTTP ({@code GET /api/patients?q=…&limit=20}) from a few concurrent
 * clients. Each kind of query runs as its own block, its share of the warm-up unmeasured and then its share
 * of the timed queries, so one kind that breaks the node cannot hide the figures of the others. A client
 * that gets {@value #GIVE_UP_AFTER} failures in a row stops: the node no longer answers.
 *
 * <p>Latency is measured at the client, so it includes HTTP and JSON on both sides.
 *
 * <p>Not thread-safe; one run at a time (it runs its own client threads).
 */
final class SearchBench {
    static final int LIMIT = 20;
    static final int GIVE_UP_AFTER = 3;

    private final NodeClient api;
    private final SearchQueries queries;
    private final int clients;

    SearchBench(NodeClient api, SearchQueries queries, int clients) {
        this.api = api;
        this.queries = queries;
        this.clients = clients;
    }

    /**
     * One kind's block.
     *
     * @param latencies   the timed queries answered 200
     * @param failed      timed or warm-up queries answered with anything but 200, or not at all
     * @param empty       timed queries that found nobody, though each was drawn from a stored patient
     * @param lastFailure the last failure seen, or {@code null}
     * @param gaveUp      whether clients stopped because the node kept failing
     */
    record Block(Latencies latencies, long failed, long empty, String lastFailure, boolean gaveUp) {
    }

    /** Runs every kind in turn: its share of {@code warmUp} unmeasured, then its share of {@code timed}. */
    Map<SearchQueries.Kind, Block> run(int warmUp, int timed, long seed) throws InterruptedException {
        Map<SearchQueries.Kind, Block> blocks = new EnumMap<>(SearchQueries.Kind.class);
        for (SearchQueries.Kind kind : SearchQueries.Kind.values()) {
            Block warm = runBlock(kind, kind.share(warmUp), seed ^ 0xABCDEFL);
            Block block = warm.gaveUp() ? warm : runBlock(kind, kind.share(timed), seed);
            blocks.put(kind, block);
        }
        return blocks;
    }

    private Block runBlock(SearchQueries.Kind kind, int total, long seed) throws InterruptedException {
        LongAdder failed = new LongAdder();
        LongAdder empty = new LongAdder();
        AtomicReference<String> lastFailure = new AtomicReference<>();
        List<Future<Latencies>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            for (int client = 0; client < clients; client++) {
                int count = total / clients + (client < total % clients ? 1 : 0);
                SplittableRandom random = new SplittableRandom(seed * 31 + kind.ordinal() * 1_000 + client);
                results.add(threads.submit(() -> search(kind, count, random, failed, empty, lastFailure)));
            }
        }
        List<Latencies> latencies = new ArrayList<>();
        for (Future<Latencies> result : results) {
            try {
                latencies.add(result.get());
            } catch (ExecutionException e) {
                throw new InstallerException("A search client failed: " + e.getCause(), e.getCause());
            }
        }
        Latencies all = Latencies.merge(latencies);
        return new Block(all, failed.sum(), empty.sum(), lastFailure.get(), all.count() + failed.sum() < total);
    }

    private Latencies search(SearchQueries.Kind kind, int count, SplittableRandom random, LongAdder failed, LongAdder empty,
                             AtomicReference<String> lastFailure) {
        Latencies latencies = new Latencies();
        int failuresInARow = 0;
        for (int i = 0; i < count && failuresInARow < GIVE_UP_AFTER; i++) {
            SearchQueries.Query query = queries.next(kind, random);
            String path = "/api/patients?limit=" + LIMIT + "&q=" + NodeClient.queryParameter(query.text());
            long sent = System.nanoTime();
            try {
                NodeClient.Response response = api.get(path);
                long answered = System.nanoTime();
                if (response.status() != 200) {
                    failed.increment();
                    failuresInARow++;
                    lastFailure.set("q=" + query.text() + ": " + response);
                    continue;
                }
                failuresInARow = 0;
                latencies.record(answered - sent);
                if (response.json().getJsonArray("items").isEmpty()) {
                    empty.increment();
                }
            } catch (IOException e) {
                failed.increment();
                failuresInARow++;
                lastFailure.set("q=" + query.text() + ": " + e);
            }
        }
        return latencies;
    }
}
