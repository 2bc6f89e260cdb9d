package dev.sockloop.benchmarks;

import java.util.Arrays;

import dev.sockloop.benchmarks.compare.CompareCommand;
import dev.sockloop.benchmarks.server.Transport;

/**
 * Entry point of {@code sockloop-benchmarks.jar}: {@code echo-server}, {@code load}, {@code udp-load}, {@code churn},
 * {@code idle}, {@code compare}, {@code soak} and {@code jmh}.
 */
public final class BenchmarkMain {

	private static final String USAGE = """
			usage: java -jar sockloop-benchmarks.jar <command> [options]

			  echo-server [--transport %s] [--port 0] [--loops 1] [--metrics] [--udp]
			      echo server until killed; prints "listening on <port>" when ready; --udp: a UDP echo
			      (sockloop, nio-sockloop, netty, spring)
			  load --port P [--host 127.0.0.1] [--connections 64] [--size 64] [--depth 1]
			       [--duration 10s] [--warmup 2s] [--threads 1]
			      pipelined echo load, every byte verified; prints a summary and one line of JSON
			  udp-load --port P [--host 127.0.0.1] [--connections 64] [--size 64] [--depth 1]
			       [--duration 10s] [--warmup 2s] [--threads 1]
			      closed-loop UDP echo load (connections = peer sockets), every byte verified
			  churn --port P [--host 127.0.0.1] [--parallel 32] [--duration 10s] [--warmup 2s]
			      connect, echo 16 B, close, N at a time; prints connections/s
			  idle --port P [--host 127.0.0.1] [--connections 15000] [--hold 0s]
			      opens idle connections and holds them (until killed, or for --hold)
			  compare [--rounds 3] [--duration 10s] [--warmup 3s] [--scenarios A,B,...,J (and U: UDP)]
			          [--transports netty,reactor-netty,nio,sockloop,spring] [--idle-connections 15000]
			          [--json benchmarks/target/compare-results.json] [--svg docs/performance-chart.svg]
			          [--server-jvm-args "..."] [--no-pin]
			      runs the scenarios of docs/performance.md side by side and prints a table of medians
			  soak [--duration 10m] [--warmup 30s] [--connections 64] [--size 256] [--depth 4]
			       [--churn-parallel 8] [--transport sockloop] [--loops 1] [--heap-tolerance 16m]
			      echo plus churn against a server in the same JVM; compares open fds, heap after GC
			      and threads after warm-up and at the end; exits 1 if any grew
			  jmh [JMH options] [benchmark regex]
			      JMH microbenchmarks in this jar (for example FrameDecoderBenchmark)
			""";

	private BenchmarkMain() {
	}

	/**
	 * Runs a command.
	 * @param args the command and its options
	 * @throws Exception when a command fails
	 */
	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
			System.out.print(String.format(USAGE, Transport.names()));
			return;
		}
		if (args[0].equals("jmh")) {
			// JMH has its own option syntax; hand everything after the command to it untouched.
			org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Arguments options;
		try {
			options = Arguments.parse(Arrays.copyOfRange(args, 1, args.length));
		}
		catch (IllegalArgumentException ex) {
			fail(ex.getMessage());
			return;
		}
		try {
			switch (args[0]) {
				case "echo-server" -> EchoServerCommand.run(options);
				case "load" -> LoadCommand.run(options);
				case "udp-load" -> UdpLoadCommand.run(options);
				case "churn" -> ChurnCommand.run(options);
				case "idle" -> IdleCommand.run(options);
				case "compare" -> CompareCommand.run(options);
				case "soak" -> SoakCommand.run(options);
				default -> fail("Unknown command '" + args[0] + "'");
			}
		}
		catch (IllegalArgumentException ex) {
			fail(ex.getMessage());
		}
	}

	private static void fail(String message) {
		System.err.println(message);
		System.err.print(String.format(USAGE, Transport.names()));
		System.exit(2);
	}

}
