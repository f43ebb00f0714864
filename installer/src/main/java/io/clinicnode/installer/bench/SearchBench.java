package io.clinicnode.installer.bench;

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
import java.util.concurrent.atomic.LongAdder;

import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.process.NodeClient;

/**
 * Part (c): patient search latency over HTTP ({@code GET /api/patients?q=…&limit=20}) from a few concurrent
 * clients, after a warm-up that is not measured. Latency is measured at the client, so it includes HTTP and
 * JSON on both sides.
 *
 * <p>Not thread-safe; one run at a time (it runs its own client threads).
 */
final class SearchBench {
    static final int LIMIT = 20;

    private final NodeClient api;
    private final SearchQueries queries;
    private final int clients;

    SearchBench(NodeClient api, SearchQueries queries, int clients) {
        this.api = api;
        this.queries = queries;
        this.clients = clients;
    }

    /**
     * @param all     every timed query
     * @param byKind  the timed queries of each kind
     * @param failed  timed queries answered with anything but 200 (or not at all)
     * @param empty   timed queries that found nobody, though each was drawn from a stored patient
     */
    record Result(Latencies all, Map<SearchQueries.Kind, Latencies> byKind, long failed, long empty) {
    }

    /** Runs {@code warmUp} queries unmeasured, then {@code timed} measured ones, spread over the clients. */
    Result run(int warmUp, int timed, long seed) throws InterruptedException {
        runQueries(warmUp, seed ^ 0xABCDEFL);
        return runQueries(timed, seed);
    }

    private Result runQueries(int total, long seed) throws InterruptedException {
        LongAdder failed = new LongAdder();
        LongAdder empty = new LongAdder();
        List<Future<Map<SearchQueries.Kind, Latencies>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            for (int client = 0; client < clients; client++) {
                int count = total / clients + (client < total % clients ? 1 : 0);
                SplittableRandom random = new SplittableRandom(seed * 31 + client);
                results.add(threads.submit(() -> search(count, random, failed, empty)));
            }
        }
        Map<SearchQueries.Kind, List<Latencies>> parts = new EnumMap<>(SearchQueries.Kind.class);
        for (Future<Map<SearchQueries.Kind, Latencies>> result : results) {
            try {
                result.get().forEach((kind, latencies) -> parts.computeIfAbsent(kind, k -> new ArrayList<>()).add(latencies));
            } catch (ExecutionException e) {
                throw new InstallerException("A search client failed: " + e.getCause(), e.getCause());
            }
        }
        Map<SearchQueries.Kind, Latencies> byKind = new EnumMap<>(SearchQueries.Kind.class);
        parts.forEach((kind, latencies) -> byKind.put(kind, Latencies.merge(latencies)));
        return new Result(Latencies.merge(parts.values().stream().flatMap(List::stream).toList()), byKind, failed.sum(), empty.sum());
    }

    private Map<SearchQueries.Kind, Latencies> search(int count, SplittableRandom random, LongAdder failed, LongAdder empty) {
        Map<SearchQueries.Kind, Latencies> latencies = new EnumMap<>(SearchQueries.Kind.class);
        for (int i = 0; i < count; i++) {
            SearchQueries.Query query = queries.next(random);
            String path = "/api/patients?limit=" + LIMIT + "&q=" + NodeClient.queryParameter(query.text());
            long sent = System.nanoTime();
            try {
                NodeClient.Response response = api.get(path);
                long answered = System.nanoTime();
                if (response.status() != 200) {
                    failed.increment();
                    continue;
                }
                latencies.computeIfAbsent(query.kind(), kind -> new Latencies()).record(answered - sent);
                if (response.json().getJsonArray("items").isEmpty()) {
                    empty.increment();
                }
            } catch (IOException e) {
                failed.increment();
            }
        }
        return latencies;
    }
}
