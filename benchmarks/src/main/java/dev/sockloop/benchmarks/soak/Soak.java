package dev.sockloop.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import dev.sockloop.benchmarks.load.ChurnGenerator;
import dev.sockloop.benchmarks.load.LoadGenerator;
import dev.sockloop.benchmarks.load.LoadOptions;
import dev.sockloop.benchmarks.load.LoadResult;
import dev.sockloop.benchmarks.server.EchoServer;
import dev.sockloop.benchmarks.server.EchoServerOptions;
import dev.sockloop.benchmarks.server.Transport;

/**
 * A soak run: an echo server and its clients in this JVM, pipelined echo on long-lived connections
 * plus connect-echo-close churn, for a long time; what the process holds is compared between the
 * end of the warm-up and the end of the run, once the clients stopped and connections drained.
 *
 * <p>Server and clients share the process, so the fds counted include the clients' sockets; they
 * are all closed at both snapshots.
 *
 * @param transport the echo server
 * @param loops its event loops
 * @param connections long-lived echo connections
 * @param messageSize bytes per echo message
 * @param depth messages in flight per connection
 * @param churnParallel connect-echo-close cycles in progress at a time
 * @param warmup load before the first snapshot
 * @param duration load between the snapshots
 * @param heapToleranceBytes allowed growth of heap after GC
 */
public record Soak(Transport transport, int loops, int connections, int messageSize, int depth, int churnParallel,
		Duration warmup, Duration duration, long heapToleranceBytes) {

	/** How long connections may take to close once the clients stopped. */
	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	/** The fd count must hold still this long to count as drained. */
	private static final Duration DRAIN_QUIET = Duration.ofSeconds(1);

	/**
	 * Runs the soak, printing progress.
	 * @param out where progress and results go
	 * @return the verdict
	 * @throws Exception if the server or a client fails to run
	 */
	public SoakVerdict run(PrintStream out) throws Exception {
		try (EchoServer server = this.transport.start(new EchoServerOptions(0, this.loops, false))) {
			out.printf("soak: %s echo server on port %d with %d loop(s); %d connections x %d B x depth %d plus churn "
					+ "%d at a time; warm-up %s, run %s%n", this.transport, server.port(), this.loops, this.connections,
					this.messageSize, this.depth, this.churnParallel, this.warmup, this.duration);
			if (!this.warmup.isZero()) {
				long warmupErrors = drive(server.port(), this.warmup, out, "warm-up");
				out.printf("warm-up errors: %d%n", warmupErrors);
			}
			awaitDrained();
			ProcessSnapshot start = ProcessSnapshot.take();
			out.println("start: " + start.describe());
			long errors = drive(server.port(), this.duration, out, "run");
			awaitDrained();
			ProcessSnapshot end = ProcessSnapshot.take();
			out.println("end:   " + end.describe());
			SoakVerdict verdict = SoakVerdict.judge(start, end, this.heapToleranceBytes, errors);
			out.println(verdict.describe());
			return verdict;
		}
	}

	/**
	 * Echo load and churn side by side for the given time, each on its own thread.
	 * @return errors both counted
	 */
	private long drive(int port, Duration time, PrintStream out, String phase)
			throws InterruptedException, ExecutionException {
		LoadGenerator load = new LoadGenerator(new LoadOptions("127.0.0.1", port, this.connections, this.messageSize,
				this.depth, Duration.ZERO, time, 1));
		ChurnGenerator churn = new ChurnGenerator(new InetSocketAddress("127.0.0.1", port), this.churnParallel,
				Duration.ZERO, time);
		FutureTask<LoadResult> loadTask = startThread("soak-" + phase + "-load", load::run);
		FutureTask<Map<String, Object>> churnTask = startThread("soak-" + phase + "-churn", churn::run);
		LoadResult loadResult = loadTask.get();
		Map<String, Object> churnResult = churnTask.get();
		out.printf("%s echo:  %s%n", phase, loadResult.toJson());
		out.printf("%s churn: %s%n", phase, ChurnGenerator.describe(churnResult));
		return loadResult.errors() + ((Number) churnResult.get("errors")).longValue();
	}

	private static <T> FutureTask<T> startThread(String name, Callable<T> work) {
		FutureTask<T> task = new FutureTask<>(work);
		Thread thread = new Thread(task, name);
		thread.start();
		return task;
	}

	/**
	 * Waits until the fd count holds still: clients closed their sockets and the server closed its
	 * side of each.
	 */
	private static void awaitDrained() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		int last = ProcessSnapshot.countOpenFds();
		long stableSince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(100);
			int now = ProcessSnapshot.countOpenFds();
			if (now != last) {
				last = now;
				stableSince = System.nanoTime();
			}
			else if (System.nanoTime() - stableSince >= DRAIN_QUIET.toNanos()) {
				return;
			}
		}
	}

}
