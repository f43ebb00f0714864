package io.clinicnode.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.process.NodeClient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The booking bench against a stand-in of the appointment API's contract (201, 409 on overlap, 422 outside
 * working hours): its clients' slots never overlap and stay within hours, so every booking succeeds.
 */
class BookingBenchTest {
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void everyClientBooksFreeSlotsWithinHours() throws Exception {
        NodeClient api = NodeClient.to(startContractServer(true));

        BookingBench.Result result = new BookingBench(api, 4, Duration.ofSeconds(1)).run();

        assertThat(result.others()).as("answers other than 201").isEmpty();
        assertThat(result.booked()).isPositive();
        assertThat(result.latencies().count()).isEqualTo((int) result.booked());
    }

    @Test
    void saysSoWhenTheNodeHasNoAppointmentApi() throws Exception {
        NodeClient api = NodeClient.to(startContractServer(false));

        assertThatThrownBy(() -> new BookingBench(api, 2, Duration.ofSeconds(1)).run())
                .isInstanceOf(InstallerException.class)
                .hasMessageContaining("The node has no appointment API: POST /api/appointments answered 404");
    }

    private URI startContractServer(boolean withAppointments) throws IOException {
        Map<String, List<LocalDateTime[]>> bookings = new ConcurrentHashMap<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/practitioners", exchange -> created(exchange));
        server.createContext("/api/patients", exchange -> created(exchange));
        server.createContext("/api/appointments", exchange -> {
            if (!withAppointments) {
                exchange.getRequestBody().readAllBytes();
                answer(exchange, 404, "{\"title\":\"Not Found\"}");
                return;
            }
            JsonObject booking = read(exchange.getRequestBody());
            LocalDateTime start = LocalDateTime.parse(booking.getString("start"));
            LocalDateTime end = start.plusMinutes(booking.getInt("durationMinutes"));
            if (start.toLocalTime().isBefore(LocalTime.of(7, 0)) || end.toLocalTime().isAfter(LocalTime.of(19, 0))
                    || !end.toLocalDate().equals(start.toLocalDate())) {
                answer(exchange, 422, "{\"title\":\"Outside working hours\"}");
                return;
            }
            List<LocalDateTime[]> taken = bookings.computeIfAbsent(booking.getString("practitionerId"), id -> new ArrayList<>());
            synchronized (taken) {
                if (taken.stream().anyMatch(slot -> slot[0].isBefore(end) && start.isBefore(slot[1]))) {
                    answer(exchange, 409, "{\"title\":\"Slot taken\"}");
                    return;
                }
                taken.add(new LocalDateTime[] {start, end});
            }
            answerCreated(exchange);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void created(HttpExchange exchange) throws IOException {
        read(exchange.getRequestBody());
        answerCreated(exchange);
    }

    private static void answerCreated(HttpExchange exchange) throws IOException {
        answer(exchange, 201, Json.createObjectBuilder().add("id", UUID.randomUUID().toString()).build().toString());
    }

    /** Reads the whole body, so the server keeps the connection open for the client's next request. */
    private static JsonObject read(InputStream body) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(new String(body.readAllBytes(), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
