package dev.sockloop.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.loop.LoopBuffers;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.tls.ClientAuth;
import dev.sockloop.tls.TlsEngineFactory;
import dev.sockloop.tls.TlsHandler;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS clients that never read cost the server a bounded amount of memory each, however large the
 * buffers the handler sends: the plaintext a send asks for is sized in bytes, under the TLS record
 * queue's limit, as plain connections size theirs under the write high-water mark.
 *
 * <p>Measured as the growth of the heap after a full GC, per client: for the echo, from a baseline
 * taken once every client has completed its handshake; for the large buffers, before the clients
 * connect, since the handshake starts the handler.
 */
abstract class TlsNonReadingClientMemoryTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	private static final int HIGH_WATER_MARK = 64 * 1024;

	/** The TLS layer's own bound on encrypted records waiting for the connection underneath. */
	private static final int RECORD_QUEUE_LIMIT = 64 * 1024;

	/**
	 * What one non-reading client may cost on top of the largest buffer the handler sends: the
	 * connection's write queue (as for plain TCP: twice the mark plus one read), the record queue,
	 * and plaintext waiting to be encrypted (up to the record queue limit) and decrypted (as much).
	 */
	private static final long BOUND_PER_CLIENT = 2L * HIGH_WATER_MARK + LoopBuffers.READ_SIZE + 3L * RECORD_QUEUE_LIMIT;

	private static final int LARGE_BUFFER = 1024 * 1024;

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

	private SocketServer server;

	private final List<SSLSocket> clients = new ArrayList<>();

	@BeforeAll
	static void generateCertificates() throws Exception {
		certificates = TestCertificates.generate(certificateDirectory);
	}

	@AfterEach
	void stop() throws IOException {
		// The server first: a client's close waits for its blocked writer, which the server's close
		// ends. Its clients never read, so a graceful stop can only wait: keep the wait short.
		if (this.server != null) {
			this.server.stop(Duration.ofMillis(500));
		}
		for (SSLSocket client : this.clients) {
			client.close();
		}
	}

	@Test
	void aTlsClientThatSendsWithoutReadingCostsAnEchoServerBoundedMemory() throws Exception {
		start((connection) -> connection.send(connection.receive()));
		int clientCount = 10;
		connectClients(clientCount);
		long heapBefore = RetainedHeap.bytes();
		byte[] chunk = new byte[16 * 1024];
		new Random(12).nextBytes(chunk);
		for (SSLSocket client : this.clients) {
			// Each writer blocks once the server stops reading; closing the socket ends it.
			Thread writer = new Thread(() -> {
				try {
					OutputStream out = client.getOutputStream();
					while (true) {
						out.write(chunk);
					}
				}
				catch (IOException ex) {
					// closed by the test
				}
			}, "non-reading TLS client");
			writer.setDaemon(true);
			writer.start();
		}
		awaitStable(() -> this.server.stats().bytesReceived(), "the server stops reading from TLS clients that never read");
		assertHeapPerClient("echo", heapBefore, clientCount, BOUND_PER_CLIENT + 16 * 1024);
	}

	@Test
	void aTlsClientThatNeverReadsCostsAboutOneLargeBufferOfWhatTheHandlerSends() throws Exception {
		// Buffers made as they are asked for: the publisher holds nothing but what it is asked for.
		start((connection) -> connection
			.send(Flux.range(0, 64).map((i) -> ByteBuffer.wrap(new byte[LARGE_BUFFER])))
			.then(connection.receive().then()));
		int clientCount = 4;
		// Before the handshakes: each one starts the handler, which asks for buffers at once.
		long heapBefore = RetainedHeap.bytes();
		connectClients(clientCount);
		awaitStable(() -> this.server.stats().bytesSent(), "the server stops writing to TLS clients that never read");
		assertHeapPerClient("1 MiB buffers", heapBefore, clientCount, BOUND_PER_CLIENT + LARGE_BUFFER);
	}

	private void start(ConnectionHandler handler) throws Exception {
		TlsHandler tls = new TlsHandler("tlsmemory", TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE),
				handler);
		this.server = SocketServer.builder().transport(transport()).name("tlsmemory").address("127.0.0.1").loops(2)
			.writeHighWaterMark(HIGH_WATER_MARK).writeLowWaterMark(HIGH_WATER_MARK / 2)
			.handler(tls).start();
	}

	/** Connects TLS clients and completes their handshakes; they read nothing afterwards. */
	private void connectClients(int count) throws Exception {
		for (int i = 0; i < count; i++) {
			SSLSocket client = (SSLSocket) certificates.clientContext(false).getSocketFactory().createSocket();
			this.clients.add(client);
			// Small client buffers keep the kernel's share (not what is measured) small and quick to fill.
			client.setReceiveBufferSize(64 * 1024);
			client.setSendBufferSize(64 * 1024);
			client.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			client.setSoTimeout(10_000);
			client.setEnabledProtocols(new String[] { "TLSv1.3" });
			client.startHandshake();
			client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
		}
	}

	private void awaitStable(LongSupplier counter, String description) {
		long[] last = { -1 };
		long[] stableSince = { System.nanoTime() };
		Await.until(Duration.ofSeconds(10), () -> {
			long value = counter.getAsLong();
			long now = System.nanoTime();
			if (value != last[0]) {
				last[0] = value;
				stableSince[0] = now;
				return false;
			}
			return now - stableSince[0] > Duration.ofMillis(500).toNanos();
		}, description);
	}

	private void assertHeapPerClient(String label, long heapBefore, int clientCount, long bound) {
		long heapPerClient = (RetainedHeap.bytes() - heapBefore) / clientCount;
		System.out.printf("%s, TLS %s, %d non-reading clients: heap grew %d bytes per client (bound %d)%n", transport(),
				label, clientCount, heapPerClient, bound);
		assertThat(heapPerClient).as("heap growth after GC, per non-reading TLS client").isLessThanOrEqualTo(bound);
	}

}
