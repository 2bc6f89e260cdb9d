package dev.sockloop.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path end to end, with real parts: HAProxy ({@code send-proxy-v2}, health checks)
 * in front of two sample-app processes that require the PROXY protocol and share their ports. While
 * echo clients keep connecting and exchanging messages, instance {@code a} is replaced on its port:
 * a new process {@code a2} binds the same port ({@code share-port}), then {@code a} gets SIGTERM and
 * drains. No message may fail or come back corrupted, and the servers must see the clients' own
 * addresses (each client binds its own loopback address; HAProxy connects from 127.0.0.1).
 *
 * <p>Skipped, saying so, where the {@code haproxy} binary is missing or the sample app's jar has not
 * been built (run it with {@code ./mvnw verify}, or after {@code ./mvnw package -pl sample-app -am}).
 */
class HaproxyRollingRestartTests {

	private static final int CLIENTS = 6;

	private static final int MESSAGE_SIZE = 64;

	/** Exchanges per client connection before it reconnects, so that connects go on throughout. */
	private static final int EXCHANGES_PER_CONNECTION = 50;

	/** Attempts per message: a connection the old instance closes mid-exchange is retried on a new one. */
	private static final int ATTEMPTS = 5;

	private static final Pattern CLIENT_LINE = Pattern.compile("Server 'echo' connection \\d+: client /([0-9.]+:\\d+) via");

	@TempDir
	Path directory;

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void stopProcesses() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	@Test
	void echoClientsBehindHaproxyLoseNoMessageWhileAnInstanceIsReplacedOnItsPort() throws Exception {
		Path haproxy = haproxyBinary();
		Assumptions.assumeTrue(haproxy != null, "HAProxy is not installed (no haproxy binary on the PATH or in "
				+ "/usr/sbin): install Debian's package with 'apt-get install -y haproxy' to run this test");
		Path jar = Path.of(System.getProperty("sample-app.jar", "../sample-app/target/sockloop-sample-app.jar"));
		Assumptions.assumeTrue(Files.isRegularFile(jar),
				"The sample app's jar " + jar + " is not built: run './mvnw package -pl sample-app -am' first");
		long start = System.nanoTime();
		int portA = freePort();
		int portB = freePort();
		int frontend = freePort();
		Instance a = startInstance(jar, "a", portA);
		Instance b = startInstance(jar, "b", portB);
		a.awaitStarted();
		b.awaitStarted();
		startHaproxy(haproxy, frontend, portA, portB);

		Load load = new Load(frontend);
		load.start();
		try {
			load.awaitExchanges(3000, "3,000 exchanges through HAProxy before the restart");
			long beforeRestart = load.exchanges.get();
			// The zero-downtime restart on one host: the new process binds the old one's port first.
			Instance a2 = startInstance(jar, "a2", portA);
			a2.awaitStarted();
			long stopStart = System.nanoTime();
			a.process.destroy(); // SIGTERM: Spring's graceful shutdown stops the servers
			assertThat(a.process.waitFor(40, TimeUnit.SECONDS)).as("instance a exits after SIGTERM").isTrue();
			long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
			long duringRestart = load.exchanges.get() - beforeRestart;
			load.awaitExchanges(load.exchanges.get() + 10_000, "10,000 exchanges after instance a exited");
			load.stop();

			Set<String> seenByA = a.clientAddresses();
			Set<String> seenByB = b.clientAddresses();
			Set<String> seenByA2 = a2.clientAddresses();
			Set<String> seen = new TreeSet<>(seenByA);
			seen.addAll(seenByB);
			seen.addAll(seenByA2);
			// The readiness probe that waited for HAProxy to listen connected from 127.0.0.1.
			seen.removeIf((address) -> address.startsWith("127.0.0.1:"));
			System.out.printf("HAProxy rolling restart: %d exchanges (%d while a2 started and a stopped; a took %d ms "
					+ "to stop after SIGTERM, exit code %d), %d failed, %d corrupted, %d resent after a connection "
					+ "ended mid-exchange; %d client connections; client addresses seen by a: %d, b: %d, a2: %d, "
					+ "e.g. %s; in %d s%n", load.exchanges.get(), duringRestart, stopMillis, a.process.exitValue(),
					load.failed.get(), load.corrupted.get(), load.resent.get(), load.connections.size(),
					seenByA.size(), seenByB.size(), seenByA2.size(), seen.stream().limit(4).toList(),
					(System.nanoTime() - start) / 1_000_000_000);
			assertThat(load.failed.get()).as("messages that never got their echo").isZero();
			assertThat(load.corrupted.get()).as("echoes that differ from the message").isZero();
			assertThat(seenByA).isNotEmpty();
			assertThat(seenByB).isNotEmpty();
			assertThat(seenByA2).isNotEmpty();
			// Every address a server saw is one a client connected from, never HAProxy's own.
			assertThat(load.connections).containsAll(seen);
			// Every connection that completed an exchange went through a server that logged its client.
			assertThat(seen).containsAll(load.servedConnections);
		}
		finally {
			load.stop();
		}
	}

	private Instance startInstance(Path jar, String name, int port) throws IOException {
		Path log = this.directory.resolve(name + ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar.toString(),
				"--server.port=0", "--sockloop.loops=1", "--sockloop.servers.echo.port=" + port,
				"--sockloop.servers.echo.proxy-protocol=required", "--sockloop.servers.echo.share-port=true",
				"--sockloop.servers.echo.shutdown-timeout=20s", "--sockloop.servers.upper.port=0",
				"--sockloop.servers.frames.port=0", "--sockloop.servers.kv.port=0", "--sockloop.datagram.echo.port=0",
				"--logging.level.dev.sockloop.proxy=debug")
			.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.processes.add(process);
		return new Instance(name, process, log);
	}

	private void startHaproxy(Path binary, int frontend, int portA, int portB) throws Exception {
		String config = """
				global
				  maxconn 1000
				defaults
				  mode tcp
				  timeout connect 1s
				  timeout client 30s
				  timeout server 30s
				  retries 3
				  option redispatch
				listen echo
				  bind 127.0.0.1:%d
				  balance roundrobin
				  server a 127.0.0.1:%d send-proxy-v2 check check-send-proxy inter 200ms fall 2 rise 1
				  server b 127.0.0.1:%d send-proxy-v2 check check-send-proxy inter 200ms fall 2 rise 1
				""".formatted(frontend, portA, portB);
		Path file = this.directory.resolve("haproxy.cfg");
		Files.writeString(file, config);
		Path log = this.directory.resolve("haproxy.log");
		Process process = new ProcessBuilder(binary.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile()).start();
		this.processes.add(process);
		await(Duration.ofSeconds(10), () -> accepts(frontend) || !process.isAlive(), "HAProxy listens");
		assertThat(process.isAlive()).as(() -> "HAProxy runs: " + read(log)).isTrue();
	}

	private static Path haproxyBinary() {
		List<String> candidates = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(":")) {
				candidates.add(dir + "/haproxy");
			}
		}
		candidates.addAll(List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy"));
		return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static void await(Duration timeout, BooleanSupplier condition, String description) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Timed out after " + timeout + " waiting until " + description);
			}
			LockSupport.parkNanos(10_000_000);
		}
	}

	/** A sample-app process and its log. */
	private record Instance(String name, Process process, Path log) {

		void awaitStarted() {
			await(Duration.ofSeconds(60), () -> read(this.log).contains("Sockloop server 'echo' started")
					|| !this.process.isAlive(), "instance " + this.name + " starts");
			assertThat(this.process.isAlive()).as(() -> "instance " + this.name + " runs: " + read(this.log)).isTrue();
		}

		/** The client addresses its echo server logged from PROXY protocol headers. */
		Set<String> clientAddresses() {
			Set<String> addresses = new TreeSet<>();
			Matcher matcher = CLIENT_LINE.matcher(read(this.log));
			while (matcher.find()) {
				addresses.add(matcher.group(1));
			}
			return addresses;
		}

	}

	/**
	 * Echo clients, each bound to its own loopback address (127.0.0.11 and up), sending numbered
	 * 64-byte messages and checking every echo.
	 */
	private static final class Load {

		private final int port;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong exchanges = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicLong corrupted = new AtomicLong();

		private final AtomicLong resent = new AtomicLong();

		/** Every connection a client made, as "ip:port". */
		private final Set<String> connections = ConcurrentHashMap.newKeySet();

		/** The connections that completed at least one exchange. */
		private final Set<String> servedConnections = ConcurrentHashMap.newKeySet();

		private final List<Thread> threads = new ArrayList<>();

		Load(int port) {
			this.port = port;
		}

		void start() {
			for (int i = 0; i < CLIENTS; i++) {
				String localIp = "127.0.0." + (11 + i);
				int client = i;
				Thread thread = new Thread(() -> run(client, localIp), "echo-client-" + i);
				thread.start();
				this.threads.add(thread);
			}
		}

		void awaitExchanges(long count, String description) {
			await(Duration.ofSeconds(60), () -> this.exchanges.get() >= count, description);
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(20_000);
			}
		}

		private void run(int client, String localIp) {
			long sequence = 0;
			Socket socket = null;
			int onConnection = 0;
			try {
				while (this.running.get()) {
					byte[] message = message(client, sequence++);
					boolean echoed = false;
					for (int attempt = 0; attempt < ATTEMPTS && !echoed; attempt++) {
						try {
							if (socket == null || onConnection >= EXCHANGES_PER_CONNECTION) {
								close(socket);
								socket = connect(localIp);
								onConnection = 0;
							}
							byte[] reply = exchange(socket, message);
							if (!Arrays.equals(reply, message)) {
								this.corrupted.incrementAndGet();
							}
							echoed = true;
							onConnection++;
							this.servedConnections.add(address(socket));
						}
						catch (IOException ex) {
							// The connection ended under the message (its instance stopped): retry on a new one.
							close(socket);
							socket = null;
							if (attempt + 1 < ATTEMPTS) {
								this.resent.incrementAndGet();
							}
						}
					}
					if (echoed) {
						this.exchanges.incrementAndGet();
					}
					else {
						this.failed.incrementAndGet();
					}
				}
			}
			finally {
				close(socket);
			}
		}

		private Socket connect(String localIp) throws IOException {
			Socket socket = new Socket();
			try {
				socket.setTcpNoDelay(true);
				socket.bind(new InetSocketAddress(localIp, 0));
				this.connections.add(address(socket));
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
				socket.setSoTimeout(10_000);
				return socket;
			}
			catch (IOException ex) {
				close(socket);
				throw ex;
			}
		}

		private static byte[] exchange(Socket socket, byte[] message) throws IOException {
			OutputStream out = socket.getOutputStream();
			out.write(message);
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(message.length);
			if (reply.length < message.length) {
				throw new IOException("connection ended after " + reply.length + " of " + message.length + " bytes");
			}
			return reply;
		}

		private static byte[] message(int client, long sequence) {
			byte[] message = new byte[MESSAGE_SIZE];
			byte[] head = ("c" + client + " m" + sequence + " ").getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(head, 0, message, 0, head.length);
			for (int i = head.length; i < MESSAGE_SIZE; i++) {
				message[i] = (byte) ('a' + (int) ((sequence + i) % 26));
			}
			return message;
		}

		private static String address(Socket socket) {
			InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
			return local.getAddress().getHostAddress() + ":" + local.getPort();
		}

		private static void close(Socket socket) {
			if (socket != null) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closed either way
				}
			}
		}

	}

}
