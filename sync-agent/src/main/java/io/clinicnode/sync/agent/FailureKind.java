package io.clinicnode.sync.agent;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * Why the agent is not syncing, in the words health and metrics use ({@link #label()}), so that a technician
 * knows where to look: the name server, the firewall, the password, the central schema, the certificates.
 */
public enum FailureKind {
    /** Central's host name does not resolve. */
    DNS,
    /** Nothing listens at central's address (or a firewall rejects). */
    REFUSED,
    /** No answer in time: the WAN or central is down, or a firewall drops packets. */
    TIMEOUT,
    /** The connection was cut or central shut down mid-way. */
    CONNECTION,
    /** Wrong user or password, or the login is not registered for this clinic. */
    AUTH,
    /** Central's schema is missing or older than this node needs (run central-init). */
    SCHEMA,
    /** The TLS handshake or the server certificate's check failed. */
    TLS,
    /** The journal lacks events of an origin between central's mark and what it holds (waits for replication). */
    GAP,
    /** Anything else; the message says more. */
    OTHER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Classifies a failure to reach or write central. */
    static FailureKind of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return DNS;
            }
            if (cause instanceof SSLException || cause instanceof java.security.cert.CertificateException) {
                return TLS;
            }
            if (cause instanceof ConnectException connect) {
                return connect.getMessage() != null && connect.getMessage().contains("timed out") ? TIMEOUT : REFUSED;
            }
            if (cause instanceof SocketTimeoutException || cause instanceof NoRouteToHostException) {
                return TIMEOUT;
            }
        }
        if (error instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("ssl")) {
                return TLS;
            }
            if (state.startsWith("28") || state.equals("42501")) {
                return AUTH;
            }
            if (state.equals("3D000") || state.equals("3F000") || state.equals("42P01") || state.equals("42703")
                    || state.equals("42883")) {
                return SCHEMA;
            }
            if (state.startsWith("08") || state.startsWith("57")) {
                return message.contains("connection attempt failed") || message.contains("refused") ? REFUSED : CONNECTION;
            }
        }
        return OTHER;
    }

    /** Whether the error is about the data of the batch (an event central cannot take), not about reaching central. */
    static boolean isBadData(Throwable error) {
        if (error instanceof BadEventException) {
            return true;
        }
        if (error instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            // 22: data exception (bad JSON, NUL in text, value out of range); 23: constraint violation; 54: too large.
            return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
        }
        return false;
    }
}
