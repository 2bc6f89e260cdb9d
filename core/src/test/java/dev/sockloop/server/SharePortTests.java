package dev.sockloop.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two servers on one port: refused by default, allowed with {@code sharePort}, and a stop of the
 * old one while clients keep connecting loses no connection attempt.
 */
abstract class SharePortTests {

	private final List<SocketServer> servers = new ArrayList<>();

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	/**
	 * Connection attempts a handover may lose on this transport. On epoll ten quiet runs lost none,
	 * and one run with builds beside it on the two CPUs lost 1: a connection the kernel queues in the
	 * instant between the listener's last accept and its close is reset, and a busy CPU widens that
	 * instant. The JDK's server channel leaves a wider window between its last accept and the socket's
	 * close: four runs lost 0, 0, 0 and 5 of about 4,000 (resets), so its bound is stated rather
	 * than zero. Linux 5.14+ {@code net.ipv4.tcp_migrate_req=1} moves such connections to another
	 * socket of the port instead (off on this machine, so not measured; see docs/deployment.md).
	 * @return the bound
	 */
	abstract int connectionAttemptsAHandoverMayLose();

	@AfterEach
	void stopServers() {
		for (SocketServer server : this.servers) {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aPortHeldByAnotherServerIsRefusedUnlessTheNewOneSharesIt() {
		SocketServer old = start(0, false);
		assertThatExceptionOfType(ServerStartException.class).isThrownBy(() -> start(old.port(), false));
		SocketServer sharing = start(old.port(), true);
		assertThat(sharing.port()).isEqualTo(old.port());
	}

	@Test
	void stoppingTheOldServerWhileClientsConnectLosesNoConnectionAttempt() throws Exception {
		SocketServer old = start(0, true);
		InetSocketAddress address = old.localAddress();
		SocketServer replacement = start(old.port(), true);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong succeeded = new AtomicLong();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Thread client = new Thread(() -> {
				byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
				while (running.get()) {
					try (Socket socket = new Socket()) {
						socket.connect(address, 5000);
						socket.setSoTimeout(10_000);
						socket.getOutputStream().write(ping);
						byte[] reply = socket.getInputStream().readNBytes(ping.length);
						if (reply.length != ping.length) {
							failures.add("short reply: " + reply.length + " bytes");
						}
						else {
							succeeded.incrementAndGet();
						}
					}
					catch (IOException ex) {
						failures.add(ex.toString());
					}
				}
			}, "handover-client-" + i);
			client.start();
			clients.add(client);
		}
		try {
			Await.until(Duration.ofSeconds(10), () -> succeeded.get() >= 2000, "2000 exchanges before the handover");
			long beforeStop = succeeded.get();
			long stopStart = System.nanoTime();
			assertThat(old.stop(Duration.ofSeconds(5))).isTrue();
			long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
			long oldServed = old.stats().connectionsOpened();
			Await.until(Duration.ofSeconds(10), () -> succeeded.get() >= beforeStop + 2000,
					"2000 exchanges after the handover");
			running.set(false);
			for (Thread client : clients) {
				client.join(15_000);
			}
			System.out.println(transport() + " handover: " + succeeded.get() + " exchanges, " + failures.size()
					+ " failed, old server served " + oldServed + ", stop took " + stopMillis + " ms, new server served "
					+ replacement.stats().connectionsOpened() + "; failures: " + failures.stream().distinct().toList());
			assertThat(oldServed).isPositive();
			assertThat(failures).hasSizeLessThanOrEqualTo(connectionAttemptsAHandoverMayLose());
		}
		finally {
			running.set(false);
		}
	}

	private SocketServer start(int port, boolean sharePort) {
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(port).loops(2)
			.sharePort(sharePort).handler((connection) -> connection.send(connection.receive())).start();
		this.servers.add(server);
		return server;
	}

}
