package io.clinicnode.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP relay on loopback that forwards to one target and keeps a copy of every byte in both directions. */
final class RecordingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RecordingRelay(int port, InetSocketAddress target) throws IOException {
        this.server = new ServerSocket(port, 50, TestPorts.LOOPBACK);
        this.target = target;
        Thread.ofPlatform().daemon().name("relay-" + port).start(this::acceptLoop);
    }

    byte[] recorded() {
        synchronized (recorded) {
            return recorded.toByteArray();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket inbound = server.accept();
                Socket outbound = new Socket(target.getAddress(), target.getPort());
                sockets.add(inbound);
                sockets.add(outbound);
                Thread.ofPlatform().daemon().start(() -> pump(inbound, outbound));
                Thread.ofPlatform().daemon().start(() -> pump(outbound, inbound));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                synchronized (recorded) {
                    recorded.write(buffer, 0, read);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // The member closed its side; the relay simply stops forwarding.
        }
    }
}
