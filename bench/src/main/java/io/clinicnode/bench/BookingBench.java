package io.clinicnode.bench;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import io.clinicnode.bench.generate.SyntheticPatients;
import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.process.NodeClient;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * Part (b): journaled writes per second and latency of booking appointments over HTTP. Each client has its
 * own practitioner (working 07:00–19:00 every day) and patient, and books that practitioner's 30-minute slots
 * one after the other, day after day, so no two bookings overlap and every one should succeed. Only 201s
 * count; every other answer is counted by status and title.
 *
 * <p>Not thread-safe; one run at a time (it runs its own client threads).
 */
final class BookingBench {
    private static final DateTimeFormatter SLOT_START = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final LocalTime FIRST_SLOT = LocalTime.of(7, 0);
    private static final LocalTime CLOSING = LocalTime.of(19, 0);
    private static final int SLOT_MINUTES = 30;
    private static final int SLOTS_PER_DAY = 24;
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private final NodeClient admin;
    private final List<NodeClient> desks;
    private final int clients;
    private final Duration duration;

    BookingBench(NodeClient admin, int clients, Duration duration) {
        this(List.of(admin), clients, duration);
    }

    /** Clients spread over {@code desks} (one logged-in client per node), client i on desk i mod n. */
    BookingBench(List<NodeClient> desks, int clients, Duration duration) {
        this.admin = desks.getFirst();
        this.desks = List.copyOf(desks);
        this.clients = clients;
        this.duration = duration;
    }

    /**
     * @param booked    201s within the measured window
     * @param window    the measured window (after the warm-up), until the last client stopped
     * @param latencies latency of each 201 in the window
     * @param others    answers other than 201 in the window, by status and title
     */
    record Result(long booked, Duration window, Latencies latencies, Map<String, Long> others) {
        double perSecond() {
            return booked / (window.toNanos() / 1e9);
        }
    }

    Result run() throws IOException, InterruptedException {
        LocalDate firstDay = LocalDate.now().plusWeeks(2).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        List<Client> all = new ArrayList<>();
        SyntheticPatients people = new SyntheticPatients(7);
        for (int i = 0; i < clients; i++) {
            all.add(new Client(desks.get(i % desks.size()), createPractitioner(i), createPatient(people, i), firstDay));
        }
        probe(all.getFirst());

        CountDownLatch go = new CountDownLatch(1);
        Map<String, Long> others = new ConcurrentHashMap<>();
        LongAdder booked = new LongAdder();
        long warmUpEnds = System.nanoTime() + WARM_UP.toNanos();
        long ends = warmUpEnds + duration.toNanos();
        List<Future<Latencies>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            for (Client client : all) {
                results.add(threads.submit(() -> client.bookUntil(go, warmUpEnds, ends, booked, others)));
            }
            go.countDown();
        }
        Duration window = Duration.ofNanos(System.nanoTime() - warmUpEnds);
        List<Latencies> latencies = new ArrayList<>();
        for (Future<Latencies> result : results) {
            try {
                latencies.add(result.get());
            } catch (ExecutionException e) {
                throw new InstallerException("A booking client failed: " + e.getCause(), e.getCause());
            }
        }
        return new Result(booked.sum(), window, Latencies.merge(latencies), new TreeMap<>(others));
    }

    private String createPractitioner(int index) throws IOException {
        JsonArrayBuilder hours = Json.createArrayBuilder();
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.add(Json.createObjectBuilder().add("dayOfWeek", day.name())
                    .add("start", FIRST_SLOT.toString()).add("end", CLOSING.toString()));
        }
        NodeClient.Response response = admin.post("/api/practitioners", Json.createObjectBuilder()
                .add("fullName", String.format("Dra. Bancada %02d", index))
                .add("workingHours", hours).build());
        if (response.status() != 201) {
            throw new InstallerException("Cannot set up the booking bench: POST /api/practitioners answered " + response
                    + ". It needs the practitioner and appointment API (POST /api/practitioners, POST /api/appointments);"
                    + " if this build does not have it yet, merge that work and run the bench again.");
        }
        return response.json().getString("id");
    }

    private String createPatient(SyntheticPatients people, int index) throws IOException {
        NodeClient.Response response = admin.post("/api/patients", people.patient(index).toJson());
        if (response.status() != 201) {
            throw new InstallerException("Cannot set up the booking bench: POST /api/patients answered " + response + ".");
        }
        return response.json().getString("id");
    }

    /** One booking before the clock starts, so a node without the appointment API fails with a clear sentence. */
    private void probe(Client client) throws IOException {
        NodeClient.Response response = admin.post("/api/appointments", client.nextBooking());
        if (response.status() == 404) {
            throw new InstallerException("The node has no appointment API: POST /api/appointments answered 404. Merge the"
                    + " appointments work into this build and run the bench again.");
        }
        if (response.status() != 201) {
            throw new InstallerException("The first booking of the bench was refused: POST /api/appointments answered "
                    + response + ". Each bench client books free 30-minute slots within its own practitioner's hours"
                    + " (07:00-19:00 every day), so this should succeed.");
        }
    }

    /** One client: its own practitioner, patient and run of slots. Confined to its thread once running. */
    private final class Client {
        private final NodeClient desk;
        private final String practitionerId;
        private final String patientId;
        private final LocalDate firstDay;
        private long slot;

        private Client(NodeClient desk, String practitionerId, String patientId, LocalDate firstDay) {
            this.desk = desk;
            this.practitionerId = practitionerId;
            this.patientId = patientId;
            this.firstDay = firstDay;
        }

        JsonObject nextBooking() {
            LocalDateTime start = firstDay.plusDays(slot / SLOTS_PER_DAY)
                    .atTime(FIRST_SLOT.plusMinutes(SLOT_MINUTES * (slot % SLOTS_PER_DAY)));
            slot++;
            return Json.createObjectBuilder()
                    .add("patientId", patientId)
                    .add("practitionerId", practitionerId)
                    .add("start", SLOT_START.format(start))
                    .add("durationMinutes", SLOT_MINUTES)
                    .build();
        }

        Latencies bookUntil(CountDownLatch go, long warmUpEnds, long ends, LongAdder booked, Map<String, Long> others)
                throws InterruptedException {
            Latencies latencies = new Latencies();
            go.await();
            long sent;
            while ((sent = System.nanoTime()) < ends) {
                JsonObject booking = nextBooking();
                String outcome;
                try {
                    NodeClient.Response response = desk.post("/api/appointments", booking);
                    outcome = response.status() == 201 ? null : response.status() + " " + title(response);
                } catch (IOException e) {
                    outcome = "I/O error " + e.getClass().getSimpleName();
                }
                long answered = System.nanoTime();
                if (sent < warmUpEnds) {
                    continue;
                }
                if (outcome == null) {
                    latencies.record(answered - sent);
                    booked.increment();
                } else {
                    others.merge(outcome, 1L, Long::sum);
                }
            }
            return latencies;
        }

        private static String title(NodeClient.Response response) {
            try {
                return response.json().getString("title", "");
            } catch (RuntimeException e) {
                return "";
            }
        }
    }
}
