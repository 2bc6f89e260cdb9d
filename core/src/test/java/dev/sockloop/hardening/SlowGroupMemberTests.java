package dev.sockloop.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.sockloop.group.ConnectionGroup;
import dev.sockloop.group.SlowMemberPolicy;
import dev.sockloop.server.Await;
import dev.sockloop.internal.tls.TlsConnection;
import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.tls.ClientAuth;
import dev.sockloop.tls.TlsEngineFactory;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group of clients where one never reads: broadcasts reach every other member in full, and the
 * one that never reads costs the server no more than the group's bound (its messages are dropped),
 * or is closed ({@link SlowMemberPolicy#CLOSE}). Plain TCP, and TLS in the {@code Tls} subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SlowGroupMemberTests {

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	private static final int READERS = 3;

	private static final int MESSAGE_SIZE = 4 * 1024;

	private static final int MESSAGES_PER_ROUND = 8;

	/**
	 * Far more than the kernel buffers on loopback take for the slow client (a few MiB at most), so
	 * that the rest would have to wait in the server.
	 */
	private static final int ROUNDS = 512;

	private static final int MAX_QUEUED = 64 * 1024;

	/** The group's bound, with room for the per-connection objects and the measurement's noise. */
	private static final long HEAP_BOUND = MAX_QUEUED + 512 * 1024;

	private SocketServer server;

	private final List<Socket> clients = new ArrayList<>();

	private final List<Thread> readers = new ArrayList<>();

	private TestCertificates certificates;

	/**
	 * Whether the server and its clients speak TLS: the group then sends through the decrypting
	 * connection, whose encrypted records wait within their own limit besides the group's bound.
	 * @return {@code true} for TLS
	 */
	boolean tls() {
		return false;
	}

	@BeforeAll
	void generateCertificatesForTls(@TempDir Path certificateDirectory) throws Exception {
		if (tls()) {
			this.certificates = TestCertificates.generate(certificateDirectory);
		}
	}

	@AfterEach
	void stop() throws Exception {
		for (Socket client : this.clients) {
			client.close();
		}
		for (Thread reader : this.readers) {
			reader.join(5000);
		}
		this.clients.clear();
		this.readers.clear();
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
			this.server = null;
		}
	}

	@Test
	void aMemberThatNeverReadsCostsBoundedMemoryWhileTheOthersReceiveEveryMessage() throws Exception {
		ConnectionGroup group = ConnectionGroup.builder().name("feed").maxQueuedBytes(MAX_QUEUED).build();
		AtomicLong[] received = startGroupOfReadersAndOneSlowMember(group);
		long sent = broadcastRounds(group, received, 1);
		long heapBefore = RetainedHeap.bytes();
		// Over TLS half as much: the kernel takes no more of it, and encrypting costs time.
		sent += broadcastRounds(group, received, tls() ? ROUNDS / 2 : ROUNDS);
		long heapGrowth = RetainedHeap.bytes() - heapBefore;
		long bound = HEAP_BOUND + (tls() ? TlsConnection.RECORD_QUEUE_LIMIT : 0);
		System.out.printf("%s%s: broadcast %d bytes to %d members; heap grew %d bytes with one member never reading"
				+ " (bound %d), %d messages dropped%n", transport(), tls() ? " TLS" : "", sent, group.size(), heapGrowth,
				bound, group.droppedMessages());
		for (AtomicLong count : received) {
			assertThat(count.get()).as("bytes received by a reading member").isEqualTo(sent);
		}
		assertThat(heapGrowth).as("heap growth after GC with a member that never reads").isLessThan(bound);
		assertThat(group.droppedMessages()).isPositive();
		assertThat(group.size()).isEqualTo(READERS + 1);
	}

	@Test
	void aMemberThatNeverReadsIsClosedUnderTheClosePolicyAndTheOthersReceiveEveryMessage() throws Exception {
		ConnectionGroup group = ConnectionGroup.builder().name("chat").slowMemberPolicy(SlowMemberPolicy.CLOSE)
			.maxQueuedBytes(MAX_QUEUED).slowMemberTimeout(Duration.ofMillis(200)).build();
		AtomicLong[] received = startGroupOfReadersAndOneSlowMember(group);
		long[] sent = { 0 };
		Await.until(Duration.ofSeconds(10), () -> {
			sent[0] += broadcastRounds(group, received, 4);
			return group.slowMembersClosed() == 1;
		}, "the member that never reads is closed");
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1,
				"the server counts the slow member's close");
		sent[0] += broadcastRounds(group, received, 4);
		for (AtomicLong count : received) {
			assertThat(count.get()).as("bytes received by a reading member").isEqualTo(sent[0]);
		}
		assertThat(group.size()).isEqualTo(READERS);
		assertThat(this.server.connections()).hasSize(READERS);
	}

	private AtomicLong[] startGroupOfReadersAndOneSlowMember(ConnectionGroup group) throws IOException {
		SocketServerBuilder builder = SocketServer.builder().transport(transport()).name("group").address("127.0.0.1")
			.loops(2)
			.handler((connection) -> {
				group.add(connection);
				return connection.receive().then();
			});
		if (tls()) {
			builder.tls(TlsEngineFactory.of(serverContext(), ClientAuth.NONE));
		}
		this.server = builder.start();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", this.server.port());
		AtomicLong[] received = new AtomicLong[READERS];
		for (int i = 0; i < READERS; i++) {
			Socket socket = connect(address, 0);
			AtomicLong count = new AtomicLong();
			received[i] = count;
			Thread reader = new Thread(() -> readAll(socket, count), "group-reader-" + i);
			reader.start();
			this.readers.add(reader);
		}
		// Never read: a small receive buffer fills at once.
		connect(address, 4096);
		Await.until(Duration.ofSeconds(5), () -> group.size() == READERS + 1, "every client joined");
		return received;
	}

	private Socket connect(InetSocketAddress address, int receiveBuffer) throws IOException {
		Socket socket = tls() ? clientContext().getSocketFactory().createSocket() : new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.connect(address, 5000);
		if (socket instanceof SSLSocket secure) {
			// Completed here, so that even the member that never reads joins the group.
			secure.startHandshake();
		}
		this.clients.add(socket);
		return socket;
	}

	private SSLContext serverContext() {
		try {
			return this.certificates.serverContext();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private SSLContext clientContext() {
		try {
			return this.certificates.clientContext(false);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void readAll(Socket socket, AtomicLong count) {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = socket.getInputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				count.addAndGet(n);
			}
		}
		catch (IOException ex) {
			// closed by the test
		}
	}

	/**
	 * Broadcasts rounds of messages, each round once the readers have the one before: the readers
	 * keep up, and only the member that never reads falls behind.
	 */
	private long broadcastRounds(ConnectionGroup group, AtomicLong[] received, int rounds) {
		long start = received[0].get();
		long sent = 0;
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < MESSAGES_PER_ROUND; i++) {
				group.send(ByteBuffer.wrap(new byte[MESSAGE_SIZE]));
				sent += MESSAGE_SIZE;
			}
			long expected = start + sent;
			Await.until(Duration.ofSeconds(5), () -> {
				for (AtomicLong count : received) {
					if (count.get() < expected) {
						return false;
					}
				}
				return true;
			}, "the reading members received round " + round);
		}
		return sent;
	}

}
