package dev.sockloop.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.sockloop.benchmarks.BenchmarkMain;

/**
 * A benchmark command running in its own JVM, optionally pinned to one CPU with {@code taskset}.
 *
 * <p>Its stdout and stderr go to a log file and are kept in memory so the caller can wait for a
 * ready line and read the final JSON line.
 */
final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final List<String> lines = new ArrayList<>();

	private final Thread pump;

	private ChildJvm(Process process, Path log) {
		this.process = process;
		this.pump = new Thread(() -> pump(log), "child-output-" + process.pid());
		this.pump.setDaemon(true);
		this.pump.start();
	}

	/**
	 * Starts {@code java -cp <our classpath> BenchmarkMain <command...>}.
	 * @param cpu CPU to pin to, or -1 for no pinning
	 * @param jvmArgs extra JVM options
	 * @param log file that receives the child's output
	 * @param command the subcommand and its options
	 * @return the running child
	 * @throws IOException if it cannot be started
	 */
	static ChildJvm start(int cpu, List<String> jvmArgs, Path log, List<String> command) throws IOException {
		List<String> words = new ArrayList<>();
		if (cpu >= 0) {
			words.add("taskset");
			words.add("-c");
			words.add(Integer.toString(cpu));
		}
		words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		words.addAll(jvmArgs);
		words.add("-cp");
		words.add(System.getProperty("java.class.path"));
		words.add(BenchmarkMain.class.getName());
		words.addAll(command);
		Files.createDirectories(log.toAbsolutePath().getParent());
		ProcessBuilder builder = new ProcessBuilder(words).redirectErrorStream(true);
		return new ChildJvm(builder.start(), log);
	}

	private void pump(Path log) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				out.println(line);
				out.flush();
				synchronized (this.lines) {
					this.lines.add(line);
					this.lines.notifyAll();
				}
			}
		}
		catch (IOException ex) {
			// The child went away; whatever it printed is already recorded.
		}
		finally {
			synchronized (this.lines) {
				this.lines.add(null);
				this.lines.notifyAll();
			}
		}
	}

	/**
	 * Process id of the child: with {@code taskset} this is taskset's pid, which exec()s the JVM
	 * and so stays the JVM's pid.
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Waits for a line starting with a prefix.
	 * @param prefix the start of the line
	 * @param timeout how long to wait
	 * @return the rest of the line after the prefix
	 * @throws TimeoutException if it does not come in time
	 * @throws IOException if the child ends first
	 * @throws InterruptedException if interrupted
	 */
	String awaitLine(String prefix, Duration timeout) throws TimeoutException, IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lines) {
			int seen = 0;
			while (true) {
				while (seen < this.lines.size()) {
					String line = this.lines.get(seen++);
					if (line == null) {
						throw new IOException("Process ended before printing '" + prefix + "...': " + tail());
					}
					if (line.startsWith(prefix)) {
						return line.substring(prefix.length());
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new TimeoutException("No '" + prefix + "...' within " + timeout + ": " + tail());
				}
				TimeUnit.NANOSECONDS.timedWait(this.lines, left);
			}
		}
	}

	/**
	 * Waits for the child to exit on its own and returns its last line that is a JSON object.
	 * @param timeout how long to wait
	 * @return the JSON line
	 * @throws TimeoutException if it does not end in time (it is then killed)
	 * @throws IOException if it printed no JSON
	 * @throws InterruptedException if interrupted
	 */
	String awaitJsonResult(Duration timeout) throws TimeoutException, IOException, InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			close();
			throw new TimeoutException("Still running after " + timeout + ": " + tail());
		}
		this.pump.join(5000);
		synchronized (this.lines) {
			for (int i = this.lines.size() - 1; i >= 0; i--) {
				String line = this.lines.get(i);
				if (line != null && line.startsWith("{")) {
					return line;
				}
			}
		}
		throw new IOException("No JSON result (exit " + this.process.exitValue() + "): " + tail());
	}

	private String tail() {
		synchronized (this.lines) {
			List<String> printed = this.lines.stream().filter((line) -> line != null).toList();
			return String.join(" | ", printed.subList(Math.max(0, printed.size() - 5), printed.size()));
		}
	}

	/**
	 * Kills the child: SIGTERM, then SIGKILL if it has not gone within three seconds.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(3, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
