package dev.sockloop.hardening;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a server in a forked JVM whose open-files limit is low, exhausts it with connections, and
 * checks that the accept path neither spins nor loses the listener.
 */
class FileDescriptorExhaustionTests {

	private static final int FD_LIMIT = 200;

	private final List<Socket> clients = new ArrayList<>();

	private Process server;

	@AfterEach
	void cleanUp() throws Exception {
		for (Socket client : this.clients) {
			client.close();
		}
		if (this.server != null) {
			this.server.getOutputStream().close();
			if (!this.server.waitFor(10, TimeUnit.SECONDS)) {
				this.server.destroyForcibly();
			}
		}
	}

	@Test
	void serverAtItsFdLimitRefusesWithoutSpinningAndServesAgainWhenFdsFree() throws Exception {
		int port = startServer();
		// Open connections until the server can no longer hold them: the reserve-fd dance closes
		// the excess at once, which the client sees as end of stream.
		int refused = 0;
		for (int i = 0; i < FD_LIMIT * 2 && refused < 20; i++) {
			Socket client = new Socket();
			client.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			client.setSoTimeout(5000);
			if (echoes(client)) {
				this.clients.add(client);
			}
			else {
				refused++;
				client.close();
			}
		}
		assertThat(refused).as("connections refused at the fd limit").isGreaterThanOrEqualTo(20);
		assertThat(this.clients.size()).as("connections served below the limit").isBetween(50, FD_LIMIT);

		// At the limit, with a connection attempt pending, the loop must sleep, not spin.
		Socket pending = new Socket();
		pending.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		long cpuBefore = cpuTicks(this.server.pid());
		long wallStart = System.nanoTime();
		awaitElapsed(wallStart, 1_000);
		long cpuTicks = cpuTicks(this.server.pid()) - cpuBefore;
		long wallTicks = (System.nanoTime() - wallStart) / 10_000_000L; // USER_HZ = 100
		pending.close();
		assertThat(cpuTicks).as("server CPU ticks in %d wall ticks at the fd limit", wallTicks)
				.isLessThan(wallTicks / 4);

		// Free some fds: the same listener serves again.
		for (int i = 0; i < 10; i++) {
			this.clients.remove(this.clients.size() - 1).close();
		}
		boolean servedAgain = false;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!servedAgain && System.nanoTime() < deadline) {
			try (Socket client = new Socket()) {
				client.connect(new InetSocketAddress("127.0.0.1", port), 5000);
				client.setSoTimeout(5000);
				servedAgain = echoes(client);
			}
		}
		assertThat(servedAgain).as("served again after fds were freed").isTrue();
		assertThat(this.server.isAlive()).isTrue();
	}

	private int startServer() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String command = "ulimit -n " + FD_LIMIT + " && exec '" + java + "' -Xmx64m -cp '"
				+ System.getProperty("java.class.path") + "' " + LowFdLimitEchoServer.class.getName();
		this.server = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(this.server.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith("PORT ")) {
				return Integer.parseInt(line.substring(5).trim());
			}
		}
		throw new IllegalStateException("Server process ended without printing its port");
	}

	private static boolean echoes(Socket client) {
		try {
			client.getOutputStream().write(new byte[] { 1, 2, 3 });
			byte[] echoed = new byte[3];
			new DataInputStream(client.getInputStream()).readFully(echoed);
			return echoed[0] == 1 && echoed[2] == 3;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** utime + stime of a process, in clock ticks, from /proc/PID/stat. */
	private static long cpuTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	/** Waits for wall-clock time to pass: the measurement window itself, not a synchronisation. */
	private static void awaitElapsed(long startNanos, long millis) throws InterruptedException {
		long end = startNanos + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() < end) {
			TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
		}
	}

}
