package dev.sockloop.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real HAProxy process (Debian's {@code haproxy} package) run in the foreground with a generated
 * configuration, for tests that put it in front of a server.
 */
public final class Haproxy implements AutoCloseable {

	private static final List<String> CANDIDATES = List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy",
			"/usr/bin/haproxy", "/usr/local/bin/haproxy");

	private final Process process;

	private final Path log;

	private Haproxy(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Where the binary is, looked for on the {@code PATH} and in the usual sbin folders.
	 * @return its path, or {@code null} when HAProxy is not installed
	 */
	public static Path binary() {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(":")) {
				Path candidate = Path.of(dir, "haproxy");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		for (String candidate : CANDIDATES) {
			if (Files.isExecutable(Path.of(candidate))) {
				return Path.of(candidate);
			}
		}
		return null;
	}

	/**
	 * The message a test skipped for want of HAProxy gives.
	 * @return how to install it
	 */
	public static String missingMessage() {
		return "HAProxy is not installed (no haproxy binary on the PATH or in /usr/sbin): "
				+ "install Debian's package with 'apt-get install -y haproxy' to run this test";
	}

	/**
	 * Starts HAProxy with a configuration and waits until every frontend port accepts connections.
	 * @param directory where the configuration and the log go
	 * @param config the configuration
	 * @param frontendPorts the ports its frontends bind on 127.0.0.1
	 * @return the running process
	 */
	public static Haproxy start(Path directory, String config, int... frontendPorts) throws Exception {
		Path file = directory.resolve("haproxy.cfg");
		Files.writeString(file, config);
		Path log = directory.resolve("haproxy.log");
		Process process = new ProcessBuilder(binary().toString(), "-db", "-f", file.toString())
			.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Haproxy haproxy = new Haproxy(process, log);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		for (int port : frontendPorts) {
			while (!accepts(port)) {
				if (!process.isAlive() || System.nanoTime() - deadline > 0) {
					haproxy.close();
					throw new IllegalStateException("HAProxy did not start listening on " + port + ": "
							+ Files.readString(log));
				}
				LockSupport.parkNanos(10_000_000);
			}
		}
		return haproxy;
	}

	/**
	 * A port nobody listens on at the moment.
	 * @return the port
	 */
	public static int freePort() throws IOException {
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

	/**
	 * What HAProxy printed.
	 * @return its output so far
	 */
	public String output() throws IOException {
		return Files.readString(this.log);
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
